//! The certificate check: webpki's verification, and beside it the pinned
//! certificate of `--cacert` accepted as it is (even with `CA:TRUE`), its
//! host name read from the subjectAltName or, when there is none, from
//! the subject's common name, as curl (OpenSSL) does. The DER reading is
//! the few lines that finding those names needs.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// The certificate verifier: pin, then webpki against the roots.
#[derive(Debug)]
pub(super) struct Verifier {
    pub(super) webpki: Option<Arc<WebPkiServerVerifier>>,
    pub(super) pinned: Vec<CertificateDer<'static>>,
    pub(super) insecure: bool,
    pub(super) provider: Arc<CryptoProvider>,
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
pub(super) fn der(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
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
pub(super) fn names_of(cert: &[u8]) -> Option<(Vec<String>, bool)> {
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
pub(super) fn cn_matches(cn: &str, name: &ServerName<'_>) -> bool {
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
