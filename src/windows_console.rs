//! The Windows executable is a windowed program, so a double-click opens no console window; run from a
//! terminal (cmd, PowerShell), it borrows that terminal's console, so `goodwill.exe check` still prints.

/// Attaches to the parent's console when there is one and our output is not already going somewhere (a
/// file or a pipe the caller redirected to, which must stay as it is). Does nothing elsewhere.
pub fn attach_to_parent_console() {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
        use windows_sys::Win32::System::Console::{
            ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
        };
        // SAFETY: plain Win32 calls with constant arguments; a failure (no parent console, as after a
        // double-click) only means there is nothing to print to.
        unsafe {
            let out = GetStdHandle(STD_OUTPUT_HANDLE);
            if out.is_null() || out == INVALID_HANDLE_VALUE {
                AttachConsole(ATTACH_PARENT_PROCESS);
            }
        }
    }
}
