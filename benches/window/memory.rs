//! Memory of a binary's process tree (it plus its WebKit processes): PSS, RSS and USS from
//! /proc/PID/smaps_rollup, in total and by process name.

use std::collections::{BTreeMap, HashSet};

use crate::procs::{descendants, processes};

#[derive(Clone, Copy, Debug, Default)]
pub struct Mem {
    pub pss_kb: u64,
    pub rss_kb: u64,
    /// Private_Clean + Private_Dirty.
    pub uss_kb: u64,
}

impl std::ops::AddAssign for Mem {
    fn add_assign(&mut self, o: Mem) {
        self.pss_kb += o.pss_kb;
        self.rss_kb += o.rss_kb;
        self.uss_kb += o.uss_kb;
    }
}

#[derive(Clone, Debug, Default)]
pub struct TreeMemory {
    pub total: Mem,
    /// By command name ("sftoken-desktop", "WebKitWebProces", ...; the kernel keeps 15 characters).
    pub by_name: BTreeMap<String, Mem>,
    /// Processes on the machine running WebKit that are not ours (they share its pages, so PSS).
    pub foreign_webkit: usize,
}

pub fn memory_of_tree(pid: u32) -> TreeMemory {
    let tree: HashSet<u32> = descendants(pid).into_iter().collect();
    let mut out = TreeMemory::default();
    for (p, _, comm) in processes() {
        if !tree.contains(&p) {
            if comm.starts_with("WebKitWebProces") || comm.starts_with("WebKitNetworkPr") {
                out.foreign_webkit += 1;
            }
            continue;
        }
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) else {
            continue;
        };
        let field = |name: &str| -> u64 {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kb| kb.parse().ok())
                .unwrap_or(0)
        };
        let mem = Mem {
            pss_kb: field("Pss:"),
            rss_kb: field("Rss:"),
            uss_kb: field("Private_Clean:") + field("Private_Dirty:"),
        };
        let name = if p == pid {
            "(the binary)".into()
        } else {
            comm
        };
        out.total += mem;
        *out.by_name.entry(name).or_default() += mem;
    }
    out
}
