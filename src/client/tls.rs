//! TLS for the client: which certificates to trust, and the connector that
//! plugs our own rustls configuration into ureq.
//!
//! Verification uses the system's roots, or the certificates of `--cacert`
//! in their place (as curl does). A certificate named in `--cacert` that is
//! exactly the server's own certificate is pinned: it is accepted when the
//! host name matches even when it carries `CA:TRUE`, which webpki rejects as
//! an end-entity certificate (`CaUsedAsEndEntity`) but which
//! `openssl req -x509` produces by default and many deployments run.

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, SignatureScheme,
    StreamOwned,
};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

use crate::error::{Error, ErrorKind, Result};

/// Where the call is, so a timeout can say which phase it cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Connecting,
    TlsHandshake,
    AwaitingResponse,
    ReadingBody,
}

impl Phase {
    /// Words for an error message.
    pub fn describe(&self) -> &'static str {
        match self {
            Phase::Connecting => "connecting",
            Phase::TlsHandshake => "in the TLS handshake",
            Phase::AwaitingResponse => "waiting for the response headers",
            Phase::ReadingBody => "reading the response body",
        }
    }
}

/// The phase of the call in flight, shared with the connector.
#[derive(Debug, Clone)]
pub struct PhaseTracker(Arc<Mutex<Phase>>);

impl PhaseTracker {
    pub fn new() -> Self {
        PhaseTracker(Arc::new(Mutex::new(Phase::Connecting)))
    }

    pub fn set(&self, p: Phase) {
        if let Ok(mut g) = self.0.lock() {
            *g = p;
        }
    }

    pub fn get(&self) -> Phase {
        self.0.lock().map(|g| *g).unwrap_or(Phase::Connecting)
    }
}

impl Default for PhaseTracker {
    fn default() -> Self {
        Self::new()
    }
}

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

/// The certificate verifier: pin, then webpki against the roots.
#[derive(Debug)]
struct Verifier {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    pinned: Vec<CertificateDer<'static>>,
    insecure: bool,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if self.insecure {
            return Ok(ServerCertVerified::assertion());
        }
        if self
            .pinned
            .iter()
            .any(|p| p.as_ref() == end_entity.as_ref())
        {
            let cert = rustls::server::ParsedCertificate::try_from(end_entity)?;
            rustls::client::verify_server_name(&cert, server_name)?;
            return Ok(ServerCertVerified::assertion());
        }
        match &self.webpki {
            Some(v) => {
                v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
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

/// A ureq connector that wraps the chained transport in our rustls, and
/// records the phase of the call.
pub struct TlsConnector {
    config: Arc<ClientConfig>,
    phase: PhaseTracker,
}

impl TlsConnector {
    pub fn new(config: Arc<ClientConfig>, phase: PhaseTracker) -> Self {
        TlsConnector { config, phase }
    }
}

impl fmt::Debug for TlsConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConnector").finish()
    }
}

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> std::result::Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            self.phase.set(Phase::AwaitingResponse);
            return Ok(Some(Either::A(transport)));
        }
        self.phase.set(Phase::TlsHandshake);
        let host = details
            .uri
            .authority()
            .map(|a| {
                a.host()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_string()
            })
            .unwrap_or_default();
        let name = ServerName::try_from(host)
            .map_err(|_| ureq::Error::Tls("the host name is not valid for TLS"))?;
        let conn = ClientConnection::new(self.config.clone(), name)
            .map_err(|e| ureq::Error::Io(std::io::Error::other(e)))?;
        let mut adapter = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        adapter.set_timeout(details.timeout);
        let mut stream = StreamOwned {
            conn,
            sock: adapter,
        };
        // Finish the handshake here, so its failure is reported as such.
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock)?;
        }
        self.phase.set(Phase::AwaitingResponse);
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TlsTransport { buffers, stream })))
    }
}

/// The TLS transport handed back to ureq.
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsTransport").finish()
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(
        &mut self,
        amount: usize,
        timeout: NextTimeout,
    ) -> std::result::Result<(), ureq::Error> {
        self.stream.sock.set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        self.stream.flush()?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> std::result::Result<bool, ureq::Error> {
        self.stream.sock.set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = match self.stream.read(input) {
            Ok(n) => n,
            // A peer that closes without close_notify: treat as end of input.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => 0,
            Err(e) => return Err(e.into()),
        };
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.sock.get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}
