/*
 * Extended page tables: entry formats, the EPT pointer and the EPT-violation
 * exit qualification, as in the Intel SDM (Order Number 325462-080US, June
 * 2023) Vol. 3C section 29.3 "The Extended Page Table Mechanism (EPT)"
 * (29.3.2 translation, 29.3.7 memory typing), 25.6.11 "Extended-Page-Table
 * Pointer (EPTP)" and table 28-7 "Exit Qualification for EPT Violations".
 * Memory-type values are those of include/x86/mtrr.h.
 */
#ifndef INCLUDE_X86_EPT_H
#define INCLUDE_X86_EPT_H

/* Every EPT paging-structure entry; bits 2:0 all clear = not present. */
#define EPT_READ      (1ull << 0)
#define EPT_WRITE     (1ull << 1)
#define EPT_EXECUTE   (1ull << 2) /* supervisor-mode execute with mode-based control */
#define EPT_RWX	      (EPT_READ | EPT_WRITE | EPT_EXECUTE)
#define EPT_ACCESSED  (1ull << 8)	    /* with EPTP bit 6 only */
#define EPT_USER_EXEC (1ull << 10)	    /* with the mode-based execute control only */
#define EPT_ADDR_MASK 0x000ffffffffff000ull /* bits 51:12 (above MAXPHYADDR reserved) */

/* Leaves only: 4 KiB PTEs, and PDPTEs/PDEs with EPT_PAGE_SIZE set. */
#define EPT_MEMTYPE_SHIFT 3
#define EPT_MEMTYPE_MASK  (7ull << EPT_MEMTYPE_SHIFT) /* bits 5:3 */
#define EPT_IGNORE_PAT	  (1ull << 6) /* the EPT type alone, not combined with PAT */
#define EPT_PAGE_SIZE	  (1ull << 7) /* PDPTE: 1 GiB page; PDE: 2 MiB page */
#define EPT_DIRTY	  (1ull << 9) /* with EPTP bit 6 only */

/* EPTP (VMCS field 201AH). */
#define EPTP_MEMTYPE_MASK      0x7ull /* bits 2:0: type for walking the tables: UC or WB */
#define EPTP_WALK_LENGTH_SHIFT 3      /* bits 5:3: page-walk length minus 1 */
#define EPTP_WALK_LENGTH_4     (3ull << EPTP_WALK_LENGTH_SHIFT)
#define EPTP_ACCESSED_DIRTY    (1ull << 6)
#define EPTP_SUPERVISOR_SHADOW (1ull << 7)
#define EPTP_ADDR_MASK	       0x000ffffffffff000ull

/* IA32_VMX_EPT_VPID_CAP bits the EPT builder looks at (Vol. 3D A.10). */
#define EPT_CAP_WALK_LENGTH_4 (1ull << 6)
#define EPT_CAP_MEMTYPE_UC    (1ull << 8)
#define EPT_CAP_MEMTYPE_WB    (1ull << 14)
#define EPT_CAP_PAGE_2M	      (1ull << 16)
#define EPT_CAP_PAGE_1G	      (1ull << 17)

/* Exit qualification of an EPT violation (exit reason 48). */
#define EPT_QUAL_READ		  (1ull << 0)  /* the access was a data read */
#define EPT_QUAL_WRITE		  (1ull << 1)  /* a data write */
#define EPT_QUAL_FETCH		  (1ull << 2)  /* an instruction fetch */
#define EPT_QUAL_READABLE	  (1ull << 3)  /* the translation allowed reads */
#define EPT_QUAL_WRITABLE	  (1ull << 4)  /* ... writes */
#define EPT_QUAL_EXECUTABLE	  (1ull << 5)  /* ... (supervisor-mode) fetches */
#define EPT_QUAL_USER_EXECUTABLE  (1ull << 6)  /* ... user-mode fetches (mode-based) */
#define EPT_QUAL_GLA_VALID	  (1ull << 7)  /* guest linear address field valid */
#define EPT_QUAL_GLA_TRANSLATED	  (1ull << 8)  /* 1: the final access; 0: a paging-structure walk */
#define EPT_QUAL_GLA_SUPERVISOR	  (1ull << 9)  /* advanced info: supervisor-mode linear address */
#define EPT_QUAL_GLA_READ_ONLY	  (1ull << 10) /* advanced info: read-only linear address */
#define EPT_QUAL_GLA_EXEC_DISABLE (1ull << 11) /* advanced info: execute-disable linear address */
#define EPT_QUAL_NMI_UNBLOCKING	  (1ull << 12) /* NMI unblocking due to IRET */
#define EPT_QUAL_SHADOW_STACK	  (1ull << 13) /* a shadow-stack access */

#endif
