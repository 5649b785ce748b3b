/*
 * A stand-in bcryptprimitives.dll for the Windows smoke test, never shipped.
 *
 * Go programs for Windows (Go 1.22 and later) take their random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10 and 11 has.
 * Debian 12's wine 8.0 has no such DLL, so a Go program dies at start under
 * it. This DLL gives ProcessPrng, filling the buffer from SystemFunction036
 * (RtlGenRandom in advapi32), which wine has. The test builds it with
 * mingw-w64 and puts it in the system32 folder of its own wine prefix.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng fills length bytes at data with random bytes and returns
 * TRUE; FALSE only if RtlGenRandom fails, which Go treats as fatal. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		length -= chunk;
	}
	return TRUE;
}
