/*
 * Intel VT-d (DMA remapping): the remapping unit's registers and the
 * legacy-mode translation structures, as in the Intel Virtualization
 * Technology for Directed I/O Architecture Specification, Rev. 4.1 (March
 * 2023, Order Number D51397-016): chapter 11 "Register Descriptions"
 * (11.4.x per register below), chapter 9 "Translation Structure Formats"
 * (9.1 root entry, 9.3 context entry, 9.8 second-level paging entries) and
 * section 7.1.3, table 7-1 "Non-recoverable Fault Reason Codes" (legacy
 * DMA remapping codes in lib/vtd_tables.c).
 */
#ifndef INCLUDE_X86_VTD_H
#define INCLUDE_X86_VTD_H

/* Register offsets from the unit's register base (11.4, table 11-1). */
#define VTD_REG_VER    0x000  /* 32-bit, 11.4.1 */
#define VTD_REG_CAP    0x008  /* 64-bit, 11.4.2 */
#define VTD_REG_ECAP   0x010  /* 64-bit, 11.4.3 */
#define VTD_REG_GCMD   0x018  /* 32-bit, 11.4.4, write-only */
#define VTD_REG_GSTS   0x01c  /* 32-bit, 11.4.5 */
#define VTD_REG_RTADDR 0x020  /* 64-bit, 11.4.6 */
#define VTD_REG_CCMD   0x028  /* 64-bit, 11.4.7.1 */
#define VTD_REG_FSTS   0x034  /* 32-bit, 11.4.9.1 */
#define VTD_REG_FECTL  0x038  /* 32-bit, 11.4.9.2 */
#define VTD_REG_SIZE   0x1000 /* one page holds every register used here */

/* VER_REG: major in bits 7:4, minor in 3:0. */
#define VTD_VER_MAJOR(v) (((v) >> 4) & 0xf)
#define VTD_VER_MINOR(v) ((v)&0xf)

/* CAP_REG fields (11.4.2). */
#define VTD_CAP_ND_MASK	    0x7ull	/* bits 2:0: 2^(4 + 2*ND) domain ids */
#define VTD_CAP_RWBF	    (1ull << 4) /* write-buffer flush required */
#define VTD_CAP_CM	    (1ull << 7) /* caching mode: not-present entries cached */
#define VTD_CAP_SAGAW_SHIFT 8		/* bits 12:8 */
#define VTD_CAP_SAGAW_MASK  0x1full
#define VTD_SAGAW_39	    (1u << 1) /* 39-bit AGAW, 3-level table */
#define VTD_SAGAW_48	    (1u << 2) /* 48-bit AGAW, 4-level table */
#define VTD_CAP_MGAW_SHIFT  16	      /* bits 21:16: width minus 1 */
#define VTD_CAP_MGAW_MASK   0x3full
#define VTD_CAP_FRO_SHIFT   24 /* bits 33:24: offset / 16 */
#define VTD_CAP_FRO_MASK    0x3ffull
#define VTD_CAP_SLLPS_2M    (1ull << 34) /* second-level 2 MiB pages */
#define VTD_CAP_SLLPS_1G    (1ull << 35) /* second-level 1 GiB pages */
#define VTD_CAP_PSI	    (1ull << 39) /* page-selective invalidation */
#define VTD_CAP_NFR_SHIFT   40		 /* bits 47:40: fault-recording registers minus 1 */
#define VTD_CAP_NFR_MASK    0xffull
#define VTD_CAP_DWD	    (1ull << 54) /* write draining */
#define VTD_CAP_DRD	    (1ull << 55) /* read draining */

/* ECAP_REG fields (11.4.3). */
#define VTD_ECAP_C	   (1ull << 0) /* page walks snoop the processor's caches */
#define VTD_ECAP_QI	   (1ull << 1) /* queued invalidation */
#define VTD_ECAP_DT	   (1ull << 2) /* device-TLBs */
#define VTD_ECAP_IR	   (1ull << 3) /* interrupt remapping */
#define VTD_ECAP_PT	   (1ull << 6) /* pass-through */
#define VTD_ECAP_SC	   (1ull << 7) /* snoop control */
#define VTD_ECAP_IRO_SHIFT 8	       /* bits 17:8: IOTLB registers' offset / 16 */
#define VTD_ECAP_IRO_MASK  0x3ffull

/* GCMD_REG commands and the GSTS_REG bits that report them (11.4.4, 11.4.5). */
#define VTD_GCMD_TE	  (1u << 31) /* translation enable */
#define VTD_GCMD_SRTP	  (1u << 30) /* set root table pointer (one-shot) */
#define VTD_GCMD_SFL	  (1u << 29) /* set fault log (one-shot) */
#define VTD_GCMD_EAFL	  (1u << 28)
#define VTD_GCMD_WBF	  (1u << 27) /* write-buffer flush (one-shot) */
#define VTD_GCMD_QIE	  (1u << 26) /* queued invalidation enable */
#define VTD_GCMD_IRE	  (1u << 25)
#define VTD_GCMD_SIRTP	  (1u << 24) /* one-shot */
#define VTD_GCMD_CFI	  (1u << 23)
/* The one-shot commands: GSTS's bits for them must not be written back to GCMD. */
#define VTD_GCMD_ONE_SHOT (VTD_GCMD_SRTP | VTD_GCMD_SFL | VTD_GCMD_WBF | VTD_GCMD_SIRTP)

/* RTADDR_REG (11.4.6): bits 63:12 the root table, bits 11:10 TTM, 00 legacy mode. */
#define VTD_RTADDR_TTM_LEGACY 0ull

/* CCMD_REG (11.4.7.1): global context-cache invalidation, done when ICC clears. */
#define VTD_CCMD_ICC	(1ull << 63)
#define VTD_CCMD_GLOBAL (1ull << 61) /* CIRG = 01b */

/* IOTLB_REG at ECAP.IRO * 16 + 8 (11.4.8.1): global invalidation, done when IVT clears. */
#define VTD_IOTLB_REG_OFFSET 8
#define VTD_IOTLB_IVT	     (1ull << 63)
#define VTD_IOTLB_GLOBAL     (1ull << 60) /* IIRG = 01b */
#define VTD_IOTLB_DR	     (1ull << 49) /* drain reads (with CAP.DRD) */
#define VTD_IOTLB_DW	     (1ull << 48) /* drain writes (with CAP.DWD) */

/* FSTS_REG (11.4.9.1): write 1 to clear PFO; PPF is set while a record has F set. */
#define VTD_FSTS_PFO (1u << 0)
#define VTD_FSTS_PPF (1u << 1)
/* FECTL_REG (11.4.9.2): interrupt mask; faults are polled, never signalled. */
#define VTD_FECTL_IM (1u << 31)

/* Fault Recording Register (11.4.14): 128 bits at CAP.FRO * 16, one per record. */
#define VTD_FRCD_SIZE	       16
#define VTD_FRCD_FI_MASK       0xfffffffffffff000ull /* low qword: bits 63:12, the page */
#define VTD_FRCD_SID_MASK      0xffffull	     /* high qword bits 15:0 (79:64) */
#define VTD_FRCD_FR_SHIFT      32		     /* high qword bits 39:32 (103:96) */
#define VTD_FRCD_FR_MASK       0xffull
#define VTD_FRCD_T_READ	       (1ull << 62) /* bit 126: 1 read, 0 write */
#define VTD_FRCD_F	       (1ull << 63) /* bit 127: fault recorded; write 1 to clear */
#define VTD_FRCD_HIGH_DWORD_F  (1u << 31)   /* F in the record's last 32-bit word */
#define VTD_FRCD_HIGH_DWORD_AT 12	    /* that word's offset in the record */

/* Root entry (9.1): 128 bits, 256 of them, one per bus. */
#define VTD_ROOT_PRESENT	(1ull << 0)
#define VTD_ROOT_CTP_MASK	0xfffffffffffff000ull
#define VTD_ROOT_ENTRIES	256
/* Context entry, legacy mode (9.3): 128 bits, 256 per table, one per device:function. */
#define VTD_CTX_PRESENT		(1ull << 0)
#define VTD_CTX_TT_UNTRANSLATED (0ull << 2) /* bits 3:2 = 00b: second-level only */
#define VTD_CTX_SLPTPTR_MASK	0xfffffffffffff000ull
#define VTD_CTX_AW_39		1ull /* high qword bits 2:0 */
#define VTD_CTX_AW_48		2ull
#define VTD_CTX_DID_SHIFT	8 /* high qword bits 23:8 */
#define VTD_CTX_ENTRIES		256
#define VTD_ENTRY_SIZE		16

/* Second-level paging entries (9.8). */
#define VTD_SL_READ	 (1ull << 0)
#define VTD_SL_WRITE	 (1ull << 1)
#define VTD_SL_PAGE_SIZE (1ull << 7) /* PDPE: 1 GiB page; PDE: 2 MiB page */
#define VTD_SL_ADDR_MASK 0x000ffffffffff000ull
#define VTD_SL_ENTRIES	 512

#endif
