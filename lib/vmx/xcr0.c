#include "lib/vmx/xcr0.h"

bool vmx_xcr0_valid(uint64_t v, uint64_t supported)
{
	if ((v & ~supported) || !(v & XCR0_X87))
		return false;
	if ((v & XCR0_AVX) && !(v & XCR0_SSE))
		return false;
	if (!(v & XCR0_BNDREGS) != !(v & XCR0_BNDCSR))
		return false;
	if ((v & XCR0_AVX512) && ((v & XCR0_AVX512) != XCR0_AVX512 || !(v & XCR0_AVX)))
		return false;
	if (!(v & XCR0_TILECFG) != !(v & XCR0_TILEDATA))
		return false;
	return true;
}
