//! The address phones on the same network reach this machine at, found without sending anything.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};

/// This machine's IPv4 address on its default route: "connecting" a UDP socket only picks the route
/// and source address, no packet leaves. Loopback when there is no network.
pub fn lan_ipv4() -> Ipv4Addr {
    let found = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).and_then(|socket| {
        // A public address picks the default route; UDP connect sends nothing to it.
        socket.connect((Ipv4Addr::new(8, 8, 8, 8), 80))?;
        socket.local_addr()
    });
    match found {
        Ok(SocketAddr::V4(addr)) if !addr.ip().is_unspecified() => *addr.ip(),
        _ => Ipv4Addr::LOCALHOST,
    }
}

/// The host for the join address of a server bound to `bind`: the LAN address when it listens on every
/// interface, else the address it listens on.
pub fn join_host(bind: SocketAddr) -> IpAddr {
    if bind.ip().is_unspecified() {
        IpAddr::V4(lan_ipv4())
    } else {
        bind.ip()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_specific_bind_address_is_used_as_is_and_any_gives_an_ipv4() {
        let local: SocketAddr = "127.0.0.1:0".parse().expect("addr");
        assert_eq!(join_host(local), IpAddr::V4(Ipv4Addr::LOCALHOST));
        let any: SocketAddr = "0.0.0.0:0".parse().expect("addr");
        assert!(matches!(join_host(any), IpAddr::V4(ip) if !ip.is_unspecified()));
    }
}
