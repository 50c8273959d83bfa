/*
 * The exit qualification of an EPT violation (table 28-7; bits in
 * include/x86/ept.h), told in a few words for reports.
 */
#ifndef LIB_VMX_EPT_QUAL_H
#define LIB_VMX_EPT_QUAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes a one-line description of qual into buf, e.g.
 * "write to a not-present page, linear address valid (final access)" or
 * "fetch to an rw- page, linear address valid (paging-structure walk),
 * NMI unblocking".  Bits it does not name are appended as "bits=0x...".
 * snprintf semantics: at most size - 1 characters and a NUL when size > 0;
 * returns the length the whole description has.
 */
int ept_qual_describe(uint64_t qual, char *buf, size_t size);

#endif
