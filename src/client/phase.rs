//! Where a call is (connecting, in the TLS handshake, at its proxy,
//! reading the body), tracked as it goes so that a timeout or a dropped
//! connection can say which phase it cut and whose fault it is.

use std::sync::{Arc, Mutex};

/// Where the call is, so a timeout can say which phase it cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Connecting,
    /// Connected to a proxy, asking it for a tunnel.
    ProxyHandshake,
    TlsHandshake,
    AwaitingResponse,
    ReadingBody,
}

impl Phase {
    /// Words for an error message.
    pub fn describe(&self) -> &'static str {
        match self {
            Phase::Connecting => "connecting",
            Phase::ProxyHandshake => "waiting for the proxy",
            Phase::TlsHandshake => "in the TLS handshake",
            Phase::AwaitingResponse => "waiting for the response headers",
            Phase::ReadingBody => "reading the response body",
        }
    }
}

/// Where the call in flight is, shared with the connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State {
    phase: Phase,
    /// The call goes through a proxy.
    via_proxy: bool,
    /// Still dealing with the proxy itself (connecting to it, or asking
    /// it for the tunnel), not yet with the web app.
    at_proxy: bool,
}

/// The phase of the call in flight, shared with the connector.
#[derive(Debug, Clone)]
pub struct PhaseTracker(Arc<Mutex<State>>);

impl PhaseTracker {
    /// A tracker at the start of a call, without a proxy.
    pub fn new() -> Self {
        PhaseTracker(Arc::new(Mutex::new(State {
            phase: Phase::Connecting,
            via_proxy: false,
            at_proxy: false,
        })))
    }

    fn update(&self, f: impl FnOnce(&mut State)) {
        if let Ok(mut g) = self.0.lock() {
            f(&mut g);
        }
    }

    fn state(&self) -> State {
        self.0.lock().map(|g| *g).unwrap_or(State {
            phase: Phase::Connecting,
            via_proxy: false,
            at_proxy: false,
        })
    }

    /// The call has reached phase `p`.
    pub fn set(&self, p: Phase) {
        self.update(|s| s.phase = p);
    }

    /// The phase the call is in.
    pub fn get(&self) -> Phase {
        self.state().phase
    }

    /// Starts a call: connecting, through a proxy or not.
    pub fn start(&self, via_proxy: bool) {
        self.update(|s| {
            *s = State {
                phase: Phase::Connecting,
                via_proxy,
                at_proxy: via_proxy,
            }
        });
    }

    /// The tunnel through the proxy stands: failures now are the web app's.
    pub fn leave_proxy(&self) {
        self.update(|s| s.at_proxy = false);
    }

    /// True while the call is still dealing with its proxy: a failure now
    /// is the proxy's.
    pub fn at_proxy(&self) -> bool {
        let s = self.state();
        s.via_proxy && s.at_proxy
    }
}

impl Default for PhaseTracker {
    fn default() -> Self {
        Self::new()
    }
}
