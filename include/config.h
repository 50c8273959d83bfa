/* Build-time limits.  Each is a ceiling, not an expectation. */
#ifndef INCLUDE_CONFIG_H
#define INCLUDE_CONFIG_H

/* Processors the kernel can list and start (MADT entries it keeps). */
#define CONFIG_MAX_CPUS 1024

/* Memory-map entries kept from the boot information. */
#define CONFIG_MAX_MMAP 256

#define PAGE_SIZE 4096ull

/* What boot/entry.asm's page tables identity-map until the kernel's own load. */
#define BOOT_IDENTITY_MAPPED (4ull << 30)

#endif
