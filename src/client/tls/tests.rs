//! Trust settings on generated certificates: pinned self-signed CA
//! certificates, names from subjectAltName or the common name.

use super::verify::{cn_matches, names_of};
use super::*;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::{ServerName, UnixTime};

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
