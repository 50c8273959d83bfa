/*
 * The lib/acpi.c unit tests' fixture (tests/unit/test_acpi_*.c): ACPI
 * tables laid out in a fake physical memory, and the parser run over it
 * through a map callback.  The callback returns a fresh heap copy of
 * exactly the bytes asked for and frees the previous copy, so
 * AddressSanitizer catches any read outside a mapped range and any use of
 * a mapping after the next map call.  Uses cmocka's assertions.
 */
#ifndef TESTS_SUPPORT_ACPI_FIXTURE_H
#define TESTS_SUPPORT_ACPI_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/acpi.h"
#include "tests/support/acpi_build.h"

/* Two windows of "physical memory": below 4 GiB, and above it (XSDT only). */
#define LOW_BASE    0x7fe00000ull
#define HIGH_BASE   0x400000000ull
#define REGION_SIZE (64 * 1024)
enum {
	LOW,
	HIGH,
	REGIONS
};

struct region {
	uint64_t base;
	uint8_t bytes[REGION_SIZE];
	size_t used;	 /* bump allocator for the builder */
	size_t readable; /* bytes from base the map callback serves */
};

struct fake_mem {
	struct region region[REGIONS];
	void *mapping; /* the last copy handed out */
	unsigned long map_calls;
	unsigned long bad_requests; /* empty or wrapping ranges */
};

struct acpi_fixture {
	struct fake_mem mem;
	struct acpi_madt madt;
	struct acpi_madt_info info;
	uint8_t rsdp[64];
	size_t rsdp_len;
	uint64_t rsdt, xsdt, madt_phys, facp;
};

/* ---- fake physical memory ---- */

/* The acpi_map_fn over a struct fake_mem. */
const void *fake_map(void *ctx, uint64_t phys, size_t len);
/* Both windows empty and wholly readable; counters cleared. */
void mem_reset(struct fake_mem *m);
/* Builder access: any byte of either window, readable or not. */
uint8_t *mem_at(struct fake_mem *m, uint64_t phys);
/* Bytes of fake memory from phys to the end of its window. */
size_t mem_room_after(struct fake_mem *m, uint64_t phys);

/* ---- tables in it ---- */

/* A table with header and body in window `which`; returns its address. */
uint64_t put_table(struct fake_mem *m, int which, const char *sig, const void *body,
		   size_t body_len);
/* Recompute a table's checksum after a test changed it, if it fits. */
void refix_table(struct fake_mem *m, uint64_t phys);
uint64_t put_facp(struct fake_mem *m, int which);
uint64_t put_rsdt(struct fake_mem *m, const uint64_t *tables, size_t n);
uint64_t put_xsdt(struct fake_mem *m, const uint64_t *tables, size_t n);
void set_rsdp(struct acpi_fixture *f, uint8_t revision, uint64_t rsdt, uint64_t xsdt);
/* f->madt as a table in window `which`. */
uint64_t put_madt(struct acpi_fixture *f, int which);

/* ACPI 1.0: RSDP -> RSDT -> { FACP, MADT }. */
void build_v1(struct acpi_fixture *f);
/*
 * ACPI 2.0: RSDP -> XSDT -> { FACP, MADT above 4 GiB }.  The RSDT lists a
 * decoy MADT with the single processor 0x42, which shows the root used.
 */
void build_v2(struct acpi_fixture *f, bool give_xsdt);
/* The four enabled processors most tests start from. */
void madt_four_cpus(struct acpi_madt *b);

/* ---- running the parser ---- */

/* The parser sees a heap copy of exactly rsdp_len bytes, as from the tag. */
enum acpi_status read_madt(struct acpi_fixture *f);
/* A failure leaves no processors and names the table at fault. */
void assert_failed(struct acpi_fixture *f, enum acpi_status want, const char *sig, uint64_t addr);
void assert_cpu(const struct acpi_cpu *c, uint32_t apic_id, uint32_t uid, bool enabled,
		bool online_capable, bool x2apic_entry);

/* cmocka setup and teardown: a fixture with madt_four_cpus() unbuilt. */
int acpi_fixture_setup(void **state);
int acpi_fixture_teardown(void **state);

#define ACPI_TEST(name) \
	cmocka_unit_test_setup_teardown(name, acpi_fixture_setup, acpi_fixture_teardown)

#endif
