//! TLS for the client: which certificates to trust, and the connector that
//! plugs our own rustls configuration into ureq.
//!
//! Verification uses the system's roots, or the certificates of `--cacert`
//! in their place (as curl does). A certificate named in `--cacert` that is
//! exactly the server's own certificate is pinned: it is accepted when the
//! host name matches even when it carries `CA:TRUE`, which webpki rejects as
//! an end-entity certificate (`CaUsedAsEndEntity`) but which
//! `openssl req -x509` produces by default and many deployments run. Such a
//! certificate often names the host only in its subject's common name (no
//! subjectAltName); for a pinned certificate without subjectAltName the
//! common name is checked instead, as curl (OpenSSL) does.
//!
//! The parts: `verify` (the certificate check) and `connector` (the
//! handshake inside ureq's transport).

use std::path::Path;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};

use crate::error::{Error, ErrorKind, Result};

mod connector;
mod verify;

pub use connector::{TlsConnector, TlsTransport};
use verify::Verifier;

/// Reads every certificate of a PEM file (or a single DER certificate).
pub fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::Usage,
            format!("cannot read the CA file {}: {e}", path.display()),
        )
        .hint("--cacert takes a PEM file with the deployment's certificate or CA")
    })?;
    let pem: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&bytes)
        .filter_map(|c| c.ok())
        .collect();
    if !pem.is_empty() {
        return Ok(pem);
    }
    if bytes.first() == Some(&0x30) {
        return Ok(vec![CertificateDer::from(bytes)]);
    }
    Err(Error::new(
        ErrorKind::Usage,
        format!("{} holds no certificate", path.display()),
    )
    .hint("--cacert takes a PEM file (-----BEGIN CERTIFICATE-----) or a DER certificate"))
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The system's trust roots, or the bundled Mozilla roots when the system
/// has none.
fn system_roots() -> RootCertStore {
    let mut store = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for c in native.certs {
        let _ = store.add(c);
    }
    if store.is_empty() {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    store
}

/// Builds the rustls configuration for the given trust settings.
pub fn client_config(cacert: Option<&Path>, insecure: bool) -> Result<Arc<ClientConfig>> {
    let provider = provider();
    let (roots, pinned) = match cacert {
        Some(path) => {
            let certs = load_certs(path)?;
            let mut store = RootCertStore::empty();
            for c in &certs {
                // A certificate webpki cannot use as an anchor is still pinned.
                let _ = store.add(c.clone());
            }
            (store, certs)
        }
        None => (system_roots(), Vec::new()),
    };
    let webpki = if roots.is_empty() {
        None
    } else {
        Some(
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Usage,
                        format!("cannot use the trusted certificates: {e}"),
                    )
                })?,
        )
    };
    let verifier = Verifier {
        webpki,
        pinned,
        insecure,
        provider: provider.clone(),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::Usage, format!("TLS setup failed: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests;
