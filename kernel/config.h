/* Build-time limits.  Each is a ceiling, not an expectation. */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

/* Processors the kernel can list and start (MADT entries it keeps). */
#define CONFIG_MAX_CPUS 1024

/* Memory-map entries kept from the boot information. */
#define CONFIG_MAX_MMAP 256

#define PAGE_SIZE 4096ull

#endif
