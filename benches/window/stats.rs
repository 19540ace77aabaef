//! Numbers for the report: median and percentile of samples, milliseconds, and how they print.

use std::time::Duration;

pub fn median(v: Vec<f64>) -> Option<f64> {
    percentile(v, 0.5)
}

/// Linear interpolation between the closest ranks.
pub fn percentile(mut v: Vec<f64>, q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

pub fn fmt(v: Option<f64>, unit: &str) -> String {
    v.map_or("–".into(), |v| format!("{v:.1} {unit}"))
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
