//! Links the `goodwill` binary at a fixed address on Linux (not position-independent).
//!
//! The binary carries Bevy, and a position-independent one has about 430,000 pointers the loader must
//! rewrite at every start: 10 MB of relocation records read and 5 MB of pages copied before `main`. That
//! is 3–4 ms and 10 MB of memory on every `goodwill check` or `goodwill play --text`, a tenth of a large
//! file's check. Fixed, the pointers are already right in the file. (The shared libraries, heap and stack
//! are still placed at random.)

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
