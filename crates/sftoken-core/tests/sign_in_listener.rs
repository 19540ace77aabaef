//! The browser sign-in's loopback listener under abuse: any local program can connect to it. Idle
//! connections by the thousand do not keep the browser's callback out, and another program
//! already listening on [::1] at the same port (where browsers may send `localhost`) is detected.

mod common;

use std::time::Duration;

use common::*;
use fake_salesforce::fixtures::*;
use fake_salesforce::FakeSalesforce;
use sftoken_core::*;

fn acme() -> LoginTarget {
    "acme".parse().unwrap()
}

#[test]
fn a_thousand_idle_connections_do_not_keep_the_callback_out() {
    let sf = FakeSalesforce::start();
    let code = runtime().block_on(async {
        let sign_in = BrowserSignIn::start(
            &acme(),
            ACME_APP.client_id,
            DEFAULT_SCOPE,
            "http://127.0.0.1:0/callback",
        )
        .await
        .unwrap();
        let callback = url::Url::parse(sign_in.redirect_uri()).unwrap();
        let port = callback.port().unwrap();
        let url = sign_in.authorize_url().to_string();
        let flood = async move {
            // 1,100 connections that never send a byte, held open while the browser comes back.
            let mut idle = Vec::new();
            for _ in 0..1_100 {
                idle.push(
                    tokio::net::TcpStream::connect(("127.0.0.1", port))
                        .await
                        .unwrap(),
                );
            }
            let page = browser(&sf, &url).await;
            // The oldest idle connection was let go to make room (it reads end-of-file).
            let mut oldest = idle.remove(0);
            let mut buf = [0u8; 16];
            let read = tokio::time::timeout(
                Duration::from_secs(5),
                tokio::io::AsyncReadExt::read(&mut oldest, &mut buf),
            )
            .await
            .expect("the oldest idle connection was closed, not kept");
            assert_eq!(read.unwrap_or(0), 0);
            drop(idle);
            page
        };
        let (grant, page) = tokio::join!(sign_in.finish(None, Duration::from_secs(20)), flood);
        assert_eq!(page.status(), 200);
        grant
    });
    assert!(code.is_ok(), "{code:?}");
}

#[test]
fn another_program_on_the_ipv6_loopback_at_the_same_port_is_detected() {
    let Ok(squatter) = std::net::TcpListener::bind("[::1]:0") else {
        panic!("this machine has no IPv6 loopback: the browsers' [::1] case cannot happen here, but the test needs it");
    };
    let port = squatter.local_addr().unwrap().port();
    let started = runtime().block_on(BrowserSignIn::start(
        &acme(),
        ACME_APP.client_id,
        DEFAULT_SCOPE,
        &format!("http://localhost:{port}/callback"),
    ));
    match started {
        Err(SignInError::PortBusy { port: p, reason }) => {
            assert_eq!(p, port);
            assert!(reason.contains("[::1]"), "{reason}");
        }
        other => panic!(
            "not detected: {:?}",
            other.map(|s| s.redirect_uri().to_string())
        ),
    }
}
