//! Scratch (not committed): phase timings and allocation counts of one check.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(l.size(), Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(n, Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: Counting = Counting;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = std::time::Instant::now();
    let text = std::fs::read_to_string(&path).unwrap();
    let read = t.elapsed();
    let a0 = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let t = std::time::Instant::now();
    let s = goodwill_engine::load::parse(&path, &text).unwrap();
    let parse = t.elapsed();
    let a1 = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let s = std::sync::Arc::new(s);
    let t = std::time::Instant::now();
    let v = goodwill_engine::validate::validate(&s, &path, &text, &[]);
    let val = t.elapsed();
    let a2 = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let t = std::time::Instant::now();
    let tl = goodwill_engine::tells::tells(&s);
    let tells = t.elapsed();
    println!(
        "read {read:?} parse {parse:?} ({} allocs, {} MB) validate {val:?} ({} allocs, {} MB) [tells alone {tells:?}] diags {} {}",
        a1.0 - a0.0,
        (a1.1 - a0.1) / 1000000,
        a2.0 - a1.0,
        (a2.1 - a1.1) / 1000000,
        v.diagnostics.len(),
        tl.zh.nodes
    );
}
