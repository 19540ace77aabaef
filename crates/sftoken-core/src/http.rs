//! The one HTTP client every request shares, locked down for credentials: rustls with the system trust
//! store (so `SSL_CERT_FILE` and corporate CAs work), `HTTPS_PROXY`/`NO_PROXY` honoured, connect and
//! total timeouts, no redirects ("following redirects opens the client up to SSRF", and would re-send
//! credentials), a cap on the answer's size. Plain http is refused unless the host is loopback.

use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER, USER_AGENT};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::form_body::FormBody;
use crate::transport::TransportError;

/// How the shared client behaves. `Default` is what the app and the command use.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    /// For the whole request, answer included.
    pub timeout: Duration,
    /// Answers larger than this are refused (token answers are about 1–3 KB).
    pub max_response_bytes: usize,
    /// Extra trusted CA certificates (PEM), added to the system's.
    pub extra_root_certs_pem: Vec<String>,
    /// A proxy for every request, replacing `HTTPS_PROXY`/`NO_PROXY` from the environment.
    pub proxy: Option<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: 1024 * 1024,
            extra_root_certs_pem: Vec::new(),
            proxy: None,
        }
    }
}

/// An answer read in full (within the cap), before it is interpreted.
#[derive(Debug)]
pub(crate) struct RawAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

impl HttpConfig {
    /// The proxy a request to `host` goes through, as configured or from the environment
    /// (`HTTPS_PROXY`, `ALL_PROXY`, honouring `NO_PROXY`), without any credentials it carries;
    /// `None` for loopback and direct hosts.
    pub(crate) fn proxy_in_use(&self, host: &str) -> Option<String> {
        self.proxy_address(host).map(|p| without_credentials(&p))
    }

    fn proxy_address(&self, host: &str) -> Option<String> {
        if host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
        {
            return None;
        }
        if let Some(proxy) = &self.proxy {
            return Some(proxy.clone());
        }
        let var = |name: &str| {
            std::env::var(name)
                .or_else(|_| std::env::var(name.to_ascii_lowercase()))
                .ok()
                .filter(|v| !v.trim().is_empty())
        };
        if let Some(no_proxy) = var("NO_PROXY") {
            let excluded = no_proxy.split(',').map(str::trim).any(|entry| {
                entry == "*"
                    || (!entry.is_empty()
                        && (host == entry.trim_start_matches('.')
                            || host.ends_with(&format!(".{}", entry.trim_start_matches('.')))))
            });
            if excluded {
                return None;
            }
        }
        var("HTTPS_PROXY").or_else(|| var("ALL_PROXY"))
    }
}

/// `http://user:pass@proxy:3128` → `http://proxy:3128`: a proxy's password is a secret too.
fn without_credentials(proxy: &str) -> String {
    match url::Url::parse(proxy) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string().trim_end_matches('/').to_string()
        }
        Err(_) if proxy.contains('@') => "(a proxy address that could not be read)".into(),
        Err(_) => proxy.to_string(),
    }
}

#[cfg(test)]
mod proxy_tests {
    #[test]
    fn a_proxy_is_named_without_its_credentials() {
        assert_eq!(
            super::without_credentials("http://user:s3cret@proxy.corp:3128"),
            "http://proxy.corp:3128"
        );
        assert_eq!(
            super::without_credentials("http://proxy:8080/"),
            "http://proxy:8080"
        );
    }
}

/// The shared clients: one for the world (system or configured proxy), one that never uses a
/// proxy, for loopback addresses — plain http to localhost must not travel to a proxy in clear.
#[derive(Clone, Debug)]
pub(crate) struct Clients {
    proxied: reqwest::Client,
    direct: reqwest::Client,
}

impl Clients {
    fn for_url(&self, url: &Url) -> &reqwest::Client {
        if crate::target::is_loopback(url) {
            &self.direct
        } else {
            &self.proxied
        }
    }
}

pub(crate) fn build_client(config: &HttpConfig) -> Result<Clients, String> {
    let base = || -> Result<reqwest::ClientBuilder, String> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(false) // loopback http is allowed; every other URL is checked in `check_scheme`
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .pool_idle_timeout(Duration::from_secs(90));
        for pem in &config.extra_root_certs_pem {
            let cert = reqwest::Certificate::from_pem(pem.as_bytes())
                .map_err(|e| format!("extra CA certificate: {e}"))?;
            builder = builder.add_root_certificate(cert);
        }
        Ok(builder)
    };
    let mut proxied = base()?;
    if let Some(proxy) = &config.proxy {
        proxied =
            proxied.proxy(reqwest::Proxy::all(proxy).map_err(|e| format!("proxy {proxy}: {e}"))?);
    }
    Ok(Clients {
        proxied: proxied.build().map_err(|e| e.to_string())?,
        direct: base()?.no_proxy().build().map_err(|e| e.to_string())?,
    })
}

/// POSTs a form body and reads the answer, never following a redirect.
pub(crate) async fn post_form(
    client: &Clients,
    config: &HttpConfig,
    url: &Url,
    body: &FormBody,
) -> Result<RawAnswer, TransportError> {
    check_scheme(url)?;
    let request = client
        .for_url(url)
        .post(url.clone())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.expose_encoded().to_string());
    send(request, config, url).await
}

/// GETs a URL, with the access token as `Authorization: Bearer` when given.
pub(crate) async fn get(
    client: &Clients,
    config: &HttpConfig,
    url: &Url,
    bearer: Option<&SecretString>,
) -> Result<RawAnswer, TransportError> {
    check_scheme(url)?;
    let mut request = client.for_url(url).get(url.clone());
    if let Some(token) = bearer {
        request = request.bearer_auth(token.expose_secret());
    }
    send(request, config, url).await
}

/// Credentials and tokens go over https only, or to loopback.
fn check_scheme(url: &Url) -> Result<(), TransportError> {
    if url.scheme() != "https" && !crate::target::is_loopback(url) {
        let host = url.host_str().unwrap_or_default();
        return Err(TransportError::Other {
            detail: format!(
                "refusing to send credentials over {} to {host}",
                url.scheme()
            ),
        });
    }
    Ok(())
}

async fn send(
    request: reqwest::RequestBuilder,
    config: &HttpConfig,
    url: &Url,
) -> Result<RawAnswer, TransportError> {
    let host = url.host_str().unwrap_or_default().to_string();
    let started = Instant::now();
    let request = request
        .header(ACCEPT, "application/json")
        .header(USER_AGENT, concat!("sftoken/", env!("CARGO_PKG_VERSION")));
    let mut response = request
        .send()
        .await
        .map_err(|e| TransportError::from_reqwest(&e, &host, config))?;
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let (content_type, location, retry_after) =
        (header(CONTENT_TYPE), header(LOCATION), header(RETRY_AFTER));
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|n| n > config.max_response_bytes as u64)
    {
        return Err(TransportError::TooLarge {
            limit: config.max_response_bytes,
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| TransportError::from_reqwest(&e, &host, config))?
    {
        if body.len() + chunk.len() > config.max_response_bytes {
            return Err(TransportError::TooLarge {
                limit: config.max_response_bytes,
            });
        }
        body.extend_from_slice(&chunk);
    }
    let elapsed = started.elapsed();
    tracing::debug!(%url, status, bytes = body.len(), elapsed_ms = elapsed.as_millis() as u64, "answer read");
    Ok(RawAnswer {
        status,
        content_type,
        location,
        retry_after,
        body,
        elapsed,
    })
}
