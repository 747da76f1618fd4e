//! Who is calling, as far as limits are concerned: the client's address.
//!
//! The address is the connection's peer. Behind a reverse proxy every peer is the proxy, so
//! when the peer is one of the configured `trusted_proxies` the address comes from
//! `X-Forwarded-For` instead: the right-most entry that is not itself a trusted proxy (each
//! proxy appends the address it saw, so entries further left were written by the client and
//! may be forged). From any other peer the header is ignored.
//!
//! Limits count IPv6 clients per /64: one subscriber usually holds a whole /64, and counting
//! single addresses would give them 2^64 fresh budgets.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The client's address as a limit key: `203.0.113.7`, `2001:db8:1:2::/64`, or `unknown`
/// when the connection did not say (in-process tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> ApiResult<Self> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(peer.map_or_else(
            || "unknown".to_owned(),
            |peer| limit_key(client_ip(peer, &parts.headers, &s.config.trusted_proxies)),
        )))
    }
}

/// The client's address: `peer`, or, when `peer` is a trusted proxy, the right-most
/// `X-Forwarded-For` entry that is not a trusted proxy (the left-most if all are). An entry
/// that is not an address stops the walk at the last trusted hop: what lies left of it
/// cannot be told from a forgery.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let peer = peer.to_canonical();
    if !is_trusted(peer) {
        return peer;
    }
    // Several headers count as one list, in order (RFC 9110 §5.3).
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        let Some(ip) = parse_entry(entry) else {
            return client;
        };
        client = ip;
        if !is_trusted(ip) {
            return ip;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:80`, `[::1]:80`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// The key a limit counts: an IPv4 address, or an IPv6 address's /64.
pub fn limit_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{net}/64")
        }
    }
}

/// An address or a network (`127.0.0.1`, `10.0.0.0/8`, `fd00::/8`): a trusted proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Whether `ip` is in this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Why a trusted proxy could not be read.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)")]
pub struct BadIpNet(String);

impl FromStr for IpNet {
    type Err = BadIpNet;

    fn from_str(s: &str) -> Result<Self, BadIpNet> {
        let bad = || BadIpNet(s.to_owned());
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr = addr
            .trim()
            .parse::<IpAddr>()
            .map_err(|_| bad())?
            .to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().map_err(|_| bad())?,
            None => max,
        };
        if prefix > max {
            return Err(bad());
        }
        Ok(IpNet { addr, prefix })
    }
}

impl TryFrom<String> for IpNet {
    type Error = BadIpNet;

    fn try_from(s: String) -> Result<Self, BadIpNet> {
        s.parse()
    }
}

impl From<IpNet> for String {
    fn from(n: IpNet) -> String {
        n.to_string()
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let max = if self.addr.is_ipv4() { 32 } else { 128 };
        if self.prefix == max {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.prefix)
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    /// Issue 10 item 7: `X-Forwarded-For` counts only from a trusted proxy, and then its
    /// right-most untrusted entry (the left part is the client's to forge).
    #[test]
    fn forwarded_for_only_from_a_trusted_proxy() {
        let proxies = nets(&["127.0.0.1", "10.0.0.0/8"]);
        let h = xff(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(
            client_ip(ip("198.51.100.1"), &h, &proxies),
            ip("198.51.100.1")
        );
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &proxies), ip("203.0.113.7"));
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &[]), ip("127.0.0.1"));
        // Through two proxies: the inner one is skipped.
        let h = xff(&["6.6.6.6, 203.0.113.7", "10.1.2.3"]);
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &proxies), ip("203.0.113.7"));
        // No header, or only proxies in it.
        assert_eq!(
            client_ip(ip("127.0.0.1"), &xff(&[]), &proxies),
            ip("127.0.0.1")
        );
        let h = xff(&["10.0.0.9"]);
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &proxies), ip("10.0.0.9"));
        // Garbage stops the walk at the last trusted hop; ports and brackets are read.
        let h = xff(&["203.0.113.7, nonsense"]);
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &proxies), ip("127.0.0.1"));
        let h = xff(&["[2001:db8::1]:443"]);
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &proxies), ip("2001:db8::1"));
        let h = xff(&["203.0.113.7:5000"]);
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), &h, &proxies),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn networks_parse_and_match() {
        let n: IpNet = "10.0.0.0/8".parse().unwrap();
        assert!(n.contains(ip("10.255.0.1")) && !n.contains(ip("11.0.0.1")));
        assert!(!n.contains(ip("::1")));
        let all: IpNet = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("1.2.3.4")));
        let v6: IpNet = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert_eq!(
            "127.0.0.1".parse::<IpNet>().unwrap().to_string(),
            "127.0.0.1"
        );
        for bad in ["", "localhost", "10.0.0.0/33", "::/129", "1.2.3.4/x"] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        assert_eq!(limit_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(limit_key(ip("2001:db8:1:2:bbbb::9")), "2001:db8:1:2::/64");
        assert_eq!(limit_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
        assert_eq!(limit_key(ip("192.0.2.1")), "192.0.2.1");
    }
}
