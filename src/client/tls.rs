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

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

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

use super::phase::{Phase, PhaseTracker};
use crate::error::{Error, ErrorKind, Result};

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
            return match rustls::client::verify_server_name(&cert, server_name) {
                Ok(()) => Ok(ServerCertVerified::assertion()),
                Err(e) => match names_of(end_entity.as_ref()) {
                    // No subjectAltName: the subject's CN names the host.
                    Some((cns, false)) if cns.iter().any(|cn| cn_matches(cn, server_name)) => {
                        Ok(ServerCertVerified::assertion())
                    }
                    Some((cns, false)) => Err(rustls::Error::InvalidCertificate(
                        rustls::CertificateError::NotValidForNameContext {
                            expected: server_name.to_owned(),
                            presented: cns,
                        },
                    )),
                    _ => Err(e),
                },
            };
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

/// Reads one DER element at the start of `d`: tag, content, what follows.
fn der(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, d) = d.split_first()?;
    let (&first, d) = d.split_first()?;
    let (len, d) = if first < 0x80 {
        (usize::from(first), d)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || d.len() < n {
            return None;
        }
        let len = d[..n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b));
        (len, &d[n..])
    };
    (d.len() >= len).then(|| (tag, &d[..len], &d[len..]))
}

/// The common names of a certificate's subject, and whether it has a
/// subjectAltName extension; `None` when the DER does not parse.
fn names_of(cert: &[u8]) -> Option<(Vec<String>, bool)> {
    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const SAN: &[u8] = &[0x55, 0x1d, 0x11];
    let (_, cert, _) = der(cert)?;
    let (_, tbs, _) = der(cert)?;
    let (tag, _, after_version) = der(tbs)?;
    let rest = if tag == 0xa0 { after_version } else { tbs };
    // serial, signature algorithm, issuer, validity, then the subject.
    let (_, _, rest) = der(rest)?;
    let (_, _, rest) = der(rest)?;
    let (_, _, rest) = der(rest)?;
    let (_, _, rest) = der(rest)?;
    let (_, mut subject, rest) = der(rest)?;
    let mut cns = Vec::new();
    while !subject.is_empty() {
        let (_, mut set, next) = der(subject)?;
        subject = next;
        while !set.is_empty() {
            let (_, attr, next) = der(set)?;
            set = next;
            let (tag, oid, value) = der(attr)?;
            if tag == 0x06 && oid == CN {
                let (_, v, _) = der(value)?;
                cns.push(String::from_utf8_lossy(v).into_owned());
            }
        }
    }
    // The key, then the optional unique ids and [3] extensions.
    let (_, _, mut rest) = der(rest)?;
    let mut san = false;
    while !rest.is_empty() {
        let (tag, content, next) = der(rest)?;
        rest = next;
        if tag == 0xa3 {
            let (_, mut exts, _) = der(content)?;
            while !exts.is_empty() {
                let (_, ext, next) = der(exts)?;
                exts = next;
                let (_, oid, _) = der(ext)?;
                san |= oid == SAN;
            }
        }
    }
    Some((cns, san))
}

/// A subject CN against the host asked for: equal ignoring case and a
/// final dot, or a `*.` wildcard for one leftmost label.
fn cn_matches(cn: &str, name: &ServerName<'_>) -> bool {
    let host = match name {
        ServerName::DnsName(d) => d.as_ref().to_string(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        _ => return false,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let cn = cn.trim().trim_end_matches('.').to_ascii_lowercase();
    if cn.is_empty() {
        return false;
    }
    if let Some(suffix) = cn.strip_prefix("*.") {
        return host.split_once('.').is_some_and(|(label, rest)| {
            !label.is_empty() && rest == suffix && suffix.contains('.')
        });
    }
    host == cn
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
        // The connection to the proxy itself is made without the proxy
        // setting; after it comes the CONNECT exchange.
        let to_proxy = self.phase.at_proxy() && details.config.proxy().is_none();
        let after = if to_proxy {
            Phase::ProxyHandshake
        } else {
            self.phase.leave_proxy();
            Phase::AwaitingResponse
        };
        if !details.needs_tls() || transport.is_tls() {
            self.phase.set(after);
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
        self.phase.set(after);
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

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

    fn cert(sans: &[&str], cn: Option<&str>) -> Vec<u8> {
        let mut p =
            CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name = rcgen::DistinguishedName::new();
        if let Some(cn) = cn {
            p.distinguished_name.push(DnType::OrganizationName, "Acme");
            p.distinguished_name.push(DnType::CommonName, cn);
        }
        p.self_signed(&KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .to_vec()
    }

    fn name(s: &str) -> ServerName<'static> {
        ServerName::try_from(s.to_string()).unwrap()
    }

    #[test]
    fn subject_names_and_san_presence_are_read() {
        assert_eq!(
            names_of(&cert(&[], Some("wa.example.com"))),
            Some((vec!["wa.example.com".to_string()], false))
        );
        assert_eq!(
            names_of(&cert(&["a.example"], Some("b.example"))),
            Some((vec!["b.example".to_string()], true))
        );
        assert_eq!(names_of(&cert(&["a.example"], None)), Some((vec![], true)));
        let der = cert(&[], Some("x"));
        for cut in [0, 1, 2, 10, der.len() / 2] {
            assert_eq!(names_of(&der[..cut]), None, "cut at {cut}");
        }
        assert_eq!(names_of(b"\x30\x84\xff\xff\xff\xff"), None);
        assert_eq!(names_of(b"\x30\x85\x01"), None);
    }

    #[test]
    fn common_names_match_like_openssl() {
        assert!(cn_matches("WA.example.com.", &name("wa.example.com")));
        assert!(cn_matches("*.example.com", &name("wa.example.com")));
        assert!(cn_matches("127.0.0.1", &name("127.0.0.1")));
        assert!(!cn_matches("*.example.com", &name("example.com")));
        assert!(!cn_matches("*.example.com", &name("a.b.example.com")));
        assert!(!cn_matches("*.com", &name("example.com")));
        assert!(!cn_matches("wa.example.com", &name("wa.example.org")));
        assert!(!cn_matches(" ", &name("wa.example.org")));
        assert!(!cn_matches("127.0.0.2", &name("127.0.0.1")));
    }

    #[test]
    fn a_pinned_cn_only_certificate_is_checked_by_its_cn() {
        let der = CertificateDer::from(cert(&[], Some("localhost")));
        let v = Verifier {
            webpki: None,
            pinned: vec![der.clone()],
            insecure: false,
            provider: provider(),
        };
        let now = UnixTime::now();
        assert!(
            v.verify_server_cert(&der, &[], &name("localhost"), &[], now)
                .is_ok()
        );
        let e = v
            .verify_server_cert(&der, &[], &name("other.example"), &[], now)
            .unwrap_err();
        assert!(
            matches!(&e, rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForNameContext { presented, .. }
            ) if presented == &["localhost".to_string()]),
            "{e:?}"
        );
        // With a subjectAltName, the CN is not looked at.
        let der = CertificateDer::from(cert(&["a.example"], Some("localhost")));
        let v = Verifier {
            pinned: vec![der.clone()],
            ..v
        };
        assert!(
            v.verify_server_cert(&der, &[], &name("localhost"), &[], now)
                .is_err()
        );
        assert!(
            v.verify_server_cert(&der, &[], &name("a.example"), &[], now)
                .is_ok()
        );
        // Not pinned, no roots: unknown issuer.
        let other = CertificateDer::from(cert(&[], Some("localhost")));
        assert!(
            v.verify_server_cert(&other, &[], &name("localhost"), &[], now)
                .is_err()
        );
    }
}
