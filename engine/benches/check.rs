//! `cargo bench -p goodwill-engine --bench check`: what `goodwill check FILE` costs on generated valid
//! scenarios (three choices a node) of 1,000, 10,000 and 100,000 nodes, end to end from disk.
//!
//! Each size is written to a file the way an author writes one (`generate::to_authored_ron`) and loaded
//! in a fresh process through `load::load_paths`, the function `goodwill check` calls, so the peak RSS
//! printed is that of the check alone. A second figure loads a variant where every choice draws a warning,
//! so placing thousands of diagnostics is timed too. Set `GOODWILL_BIN` to a built `goodwill` binary to
//! also time the real command (`/usr/bin/time` measures its peak RSS).
//! Targets: ≤ 150 ms at 10,000 nodes, linear growth, peak RSS ≤ 5× the file size.
//! Times are the best of several fresh processes, with the median beside it, and the check's CPU time
//! (the machine is shared: when other work competes for the cores, wall time grows and CPU time does not).
//!
//! To profile: `--write DIR` writes the generated files only; `GOODWILL_BENCH_CHECK_ONLY=1` with
//! `--measure FILE` runs the check alone (e.g. under `perf record` or `valgrind --tool=callgrind`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use goodwill_engine::{analyze, generate, load};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Nanoseconds this process has run on a CPU (Linux's scheduler statistics; 0 where there are none).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Child mode: load one file as `goodwill check` does and print
/// `ms diagnostics rss_kib parse_ms analyze_ms cpu_ms`.
fn measure(file: &Path) {
    let (started, cpu_started) = (Instant::now(), cpu_ns());
    let loaded = load::load_paths(&[file.to_path_buf()]).expect("the file is there");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let cpu_ms = cpu_ns().saturating_sub(cpu_started) as f64 / 1e6;
    let diagnostics: usize = loaded.iter().map(|l| l.diagnostics.len()).sum();
    assert!(
        loaded.iter().all(|l| l.errors().count() == 0),
        "{:?}",
        loaded[0].first_error()
    );
    let rss = peak_rss_kib();
    if std::env::var_os("GOODWILL_BENCH_CHECK_ONLY").is_some() {
        // Profiling the check alone (`perf record … --measure FILE`).
        println!("{ms} {diagnostics} {rss} 0 0 {cpu_ms}");
        return;
    }
    // Where the time goes: the parse alone (inside the check above), and the path sweep `goodwill analyze`
    // adds (not part of `check` for scenarios with too many paths to try them all).
    let text = std::fs::read_to_string(file).expect("readable");
    let started = Instant::now();
    let scenario = load::parse(file, &text).expect("parses");
    let parse_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    analyze::analyze(&scenario);
    let analyze_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("{ms} {diagnostics} {rss} {parse_ms} {analyze_ms} {cpu_ms}");
}

struct Measured {
    ms: f64,
    /// The median over the runs (`ms` is the best).
    median_ms: f64,
    diagnostics: usize,
    rss_kib: u64,
    parse_ms: f64,
    analyze_ms: f64,
    /// The check's CPU time in the best run.
    cpu_ms: f64,
}

/// Runs the measurement in a fresh process, best of `runs`.
fn child(file: &Path, runs: usize) -> Measured {
    let me = std::env::current_exe().expect("own path");
    let mut all: Vec<Measured> = (0..runs)
        .map(|_| {
            let out = Command::new(&me)
                .arg("--measure")
                .arg(file)
                .output()
                .expect("child runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8_lossy(&out.stdout);
            let f: Vec<&str> = text.split_whitespace().collect();
            Measured {
                ms: f[0].parse().unwrap(),
                median_ms: 0.0,
                diagnostics: f[1].parse().unwrap(),
                rss_kib: f[2].parse().unwrap(),
                parse_ms: f[3].parse().unwrap(),
                analyze_ms: f[4].parse().unwrap(),
                cpu_ms: f[5].parse().unwrap(),
            }
        })
        .collect();
    all.sort_by(|a, b| a.ms.total_cmp(&b.ms));
    let median = all[all.len() / 2].ms;
    let mut best = all.swap_remove(0);
    best.median_ms = median;
    best
}

/// The real binary checking `file`, timed from outside: (wall ms, peak RSS KiB), best of five.
fn binary(bin: &Path, file: &Path) -> Option<(f64, u64)> {
    let file = file.to_str()?;
    (0..5)
        .filter_map(|_| binary_run(bin, &["check", file]))
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// One run of the real binary with `args`: (wall ms, peak RSS KiB).
fn binary_run(bin: &Path, args: &[&str]) -> Option<(f64, u64)> {
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(bin)
        .args(args)
        .output()
        .ok()?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let rss = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()?;
    Some((ms, rss))
}

fn main() {
    let mut args = std::env::args().skip(1);
    if let Some(flag) = args.next()
        && flag == "--measure"
    {
        measure(&PathBuf::from(args.next().expect("a file")));
        return;
    }
    // `--write DIR`: only write the generated files, to profile one check by hand (`--measure FILE`).
    if let Some(flag) = std::env::args().nth(1)
        && flag == "--write"
    {
        let dir = PathBuf::from(std::env::args().nth(2).expect("a directory"));
        std::fs::create_dir_all(&dir).expect("the directory");
        for nodes in SIZES {
            let text = generate::to_authored_ron(&generate::layered(nodes));
            std::fs::write(dir.join(format!("generated-{nodes}.ron")), text).expect("write the file");
        }
        return;
    }
    let dir = std::env::temp_dir().join(format!("goodwill-check-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bin = std::env::var_os("GOODWILL_BIN").map(PathBuf::from);
    println!(
        "{:>8} {:>8} {:>9} {:>7} {:>10} {:>7} {:>8} {:>8} {:>10} {:>7} {:>9} {:>10}",
        "nodes",
        "file MB",
        "check ms",
        "ms/1k",
        "median ms",
        "CPU ms",
        "RSS MB",
        "RSS/file",
        "warned ms",
        "ms/1k",
        "parse ms",
        "analyze ms"
    );
    if let Some(bin) = &bin
        && let Some((ms, rss)) = binary_run(bin, &["--help"])
    {
        // What the real command costs before it reads anything: the same for every file.
        println!(
            "{:>8} goodwill --help (starting the binary, Bevy linked): {ms:.1} ms wall, peak RSS {:.1} MB",
            "",
            rss as f64 * 1024.0 / 1e6
        );
    }
    for nodes in SIZES {
        let scenario = generate::layered(nodes);
        let file = dir.join(format!("generated-{nodes}.ron"));
        let text = generate::to_authored_ron(&scenario);
        std::fs::write(&file, &text).expect("write the file");
        // Every choice untagged: one warning per choice, each placed at its line and column.
        let warned = dir.join(format!("warned-{nodes}.ron"));
        let untagged = text
            .replace(", applies: [ApologiseSincerely]", "")
            .replace(", applies: [ListenAndRestate]", "")
            .replace(", breaks: [ArguingFault]", "");
        std::fs::write(&warned, &untagged).expect("write the file");
        let runs = if nodes >= 100_000 { 3 } else { 5 };
        let plain = child(&file, runs);
        let warned = child(&warned, runs);
        assert!(warned.diagnostics >= 3 * nodes, "{} warnings", warned.diagnostics);
        let file_mb = text.len() as f64 / 1e6;
        let rss_mb = plain.rss_kib as f64 * 1024.0 / 1e6;
        let per_1k = |ms: f64| ms / nodes as f64 * 1000.0;
        println!(
            "{nodes:>8} {file_mb:>8.1} {:>9.1} {:>7.2} {:>10.1} {:>7.1} {rss_mb:>8.1} {:>7.2}× {:>10.1} {:>7.2} {:>9.1} {:>10.1}",
            plain.ms,
            per_1k(plain.ms),
            plain.median_ms,
            plain.cpu_ms,
            rss_mb / file_mb,
            warned.ms,
            per_1k(warned.ms),
            plain.parse_ms,
            plain.analyze_ms,
        );
        if let Some(bin) = &bin
            && let Some((bin_ms, bin_rss)) = binary(bin, &file)
        {
            println!(
                "{:>8} goodwill check {}: {bin_ms:.1} ms wall (best of 5, process start included), peak RSS {:.1} MB",
                "",
                file.display(),
                bin_rss as f64 * 1024.0 / 1e6
            );
        }
    }
    // The same 10,000 nodes with lines as long as the shipped cases' (a customer line of about 35 Chinese
    // characters and 100 English letters): a file four times the size, so what reading text costs shows.
    let text = generate::to_authored_ron(&generate::layered(10_000))
        .replace(
            r#"(zh: "…", en: "…")"#,
            r#"(zh: "顾客说汤里有异物，要求经理马上出面，并且希望立刻得到一个明确的答复和赔偿方案", en: "The customer says there is something in the soup and wants the manager out now, with a clear answer.")"#,
        )
        .replace(
            r#"(zh: "……", en: "……")"#,
            r#"(zh: "我等了二十分钟，没有人来跟我说一句话", en: "I waited twenty minutes and nobody said a word to me.")"#,
        );
    let file = dir.join("long-lines-10000.ron");
    std::fs::write(&file, &text).expect("write the file");
    let long = child(&file, 5);
    println!(
        "   10000 nodes with lines of real length: {:.1} MB, check {:.1} ms (median {:.1}, CPU {:.1}), peak RSS {:.2}× the file",
        text.len() as f64 / 1e6,
        long.ms,
        long.median_ms,
        long.cpu_ms,
        long.rss_kib as f64 * 1024.0 / text.len() as f64
    );
    if let Some(bin) = &bin
        && let Some((bin_ms, _)) = binary(bin, &file)
    {
        println!("{:>8} goodwill check {}: {bin_ms:.1} ms wall", "", file.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
