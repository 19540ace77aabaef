//! Facts for the report's last section: the machine, the source, the binaries, the load.

use std::path::Path;
use std::process::Command;

pub fn machine_facts() -> Vec<(&'static str, String)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse::<u64>().ok())
        .map_or("?".into(), |kb| {
            format!("{:.1} GB", kb as f64 / 1024.0 / 1024.0)
        });
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|l| l.trim_matches('"').to_string())
        .unwrap_or_default();
    let run = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let lock = read(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"));
    let tauri = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"tauri\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let changed = git(&["status", "--porcelain"]).lines().count();
    vec![
        (
            "Source",
            format!(
                "git {} with {changed} uncommitted changes in the working tree",
                git(&["rev-parse", "--short", "HEAD"])
            ),
        ),
        ("CPU", format!("{cpu}, {cores} cores")),
        ("Memory", mem),
        ("OS", format!("{os}, Linux {}", run("uname", &["-r"]))),
        (
            "WebKitGTK",
            run(
                "dpkg-query",
                &["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"],
            ),
        ),
        ("tauri", tauri),
        (
            "tauri-driver",
            run("cargo", &["install", "--list"])
                .lines()
                .find(|l| l.starts_with("tauri-driver "))
                .map_or("?".into(), |l| l.trim_end_matches(':').to_string()),
        ),
        ("rustc", run("rustc", &["--version"])),
        (
            "Display",
            format!(
                "Xvfb {} 1280x800x24 (no window manager, no GPU)",
                std::env::var("DISPLAY").unwrap_or_default()
            ),
        ),
    ]
}

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn rel(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .display()
        .to_string()
}

pub fn size(p: &Path) -> String {
    std::fs::metadata(p).map_or("?".into(), |m| {
        format!("{:.1} MB", m.len() as f64 / 1024.0 / 1024.0)
    })
}
