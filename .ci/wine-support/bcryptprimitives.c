/* A stand-in for Windows' bcryptprimitives.dll, for running Goodwill under Wine 8 in CI only — never
 * shipped (real Windows has the DLL). Rust's standard library (1.78 and later) takes its random numbers
 * from bcryptprimitives!ProcessPrng, which Wine 8 lacks; this forwards to advapi32!SystemFunction036
 * (RtlGenRandom), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
