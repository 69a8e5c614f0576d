//! Build-time settings of the `goodwill` binary for each system it is built for.
//!
//! - Linux: linked at a fixed address (not position-independent). The binary carries Bevy, and a
//!   position-independent one has about 430,000 pointers the loader must rewrite at every start: 10 MB of
//!   relocation records read and 5 MB of pages copied before `main`. That is 3–4 ms and 10 MB of memory on
//!   every `goodwill check` or `goodwill play --text`, a tenth of a large file's check. Fixed, the pointers
//!   are already right in the file. (The shared libraries, heap and stack are still placed at random.)
//! - Windows: the game's icon goes into `goodwill.exe` as a resource, so Explorer and the taskbar show it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("linux") => println!("cargo:rustc-link-arg-bins=-no-pie"),
        Ok("windows") => {
            println!("cargo:rerun-if-changed=assets/icon/goodwill.ico");
            embed_resource::compile_for("assets/icon/goodwill.rc", ["goodwill"], embed_resource::NONE)
                .manifest_optional()
                .expect("the icon resource compiles (mingw-w64's windres when cross-building)");
        }
        _ => {}
    }
}
