/*
 * Writes the ACPI fuzzer's seed corpus and dictionary:
 *
 *   acpi_seeds OUTDIR    creates OUTDIR/acpi/NAME.bin and OUTDIR/acpi.dict
 *
 * The seeds are table sets shaped like QEMU's (SeaBIOS) and OVMF's, built
 * with the same builders as the unit tests (tests/support/acpi_build.c),
 * in the input format of fuzz_acpi.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz_acpi.h"
#include "tests/support/acpi_build.h"

#define BOTH_FIXES (FUZZ_ACPI_FIX_RSDP | FUZZ_ACPI_FIX_TABLES)

static const struct acpi_oem bochs = { "BOCHS ", "BXPC    ", 1, "BXPC", 1 };

/* Tables laid out upwards from a base address, 16-byte aligned. */
struct image {
	uint64_t base;
	size_t len;
	uint8_t data[16 * 1024];
};

static uint64_t image_add_sdt(struct image *img, const char *sig, uint8_t revision,
			      const void *body, size_t body_len)
{
	size_t at = (img->len + 15) & ~(size_t)15;

	if (at + ACPI_SDT_HEADER_LEN + body_len > sizeof(img->data)) {
		fprintf(stderr, "acpi_seeds: image full\n");
		exit(1);
	}
	memset(img->data + img->len, 0, at - img->len);
	img->len = at + acpi_build_sdt(img->data + at, sig, revision, &bochs, body, body_len);
	return img->base + at;
}

static uint64_t image_add_zeros(struct image *img, const char *sig, uint8_t revision,
				size_t body_len)
{
	static const uint8_t zeros[256];

	return image_add_sdt(img, sig, revision, zeros, body_len);
}

static uint64_t image_add_madt(struct image *img, const struct acpi_madt *m)
{
	return image_add_sdt(img, "APIC", 5, m->body, m->len);
}

static uint64_t image_add_rsdt(struct image *img, const uint64_t *tables, size_t n)
{
	uint8_t body[16 * 4];

	for (size_t i = 0; i < n; i++)
		acpi_put32(body + 4 * i, (uint32_t)tables[i]);
	return image_add_sdt(img, "RSDT", 1, body, 4 * n);
}

static uint64_t image_add_xsdt(struct image *img, const uint64_t *tables, size_t n)
{
	uint8_t body[16 * 8];

	for (size_t i = 0; i < n; i++)
		acpi_put64(body + 8 * i, tables[i]);
	return image_add_sdt(img, "XSDT", 1, body, 8 * n);
}

static void write_seed(const char *dir, const char *name, uint8_t flags, const uint8_t *rsdp,
		       size_t rsdp_len, const struct image *img)
{
	char path[4096];
	uint8_t head[2] = { flags, (uint8_t)rsdp_len };
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(head, 1, 2, f) != 2 || fwrite(rsdp, 1, rsdp_len, f) != rsdp_len ||
	    fwrite(img->data, 1, img->len, f) != img->len || fclose(f) != 0) {
		fprintf(stderr, "acpi_seeds: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* QEMU's MADT: one Local APIC per processor, the I/O APIC, ISA overrides, LINT1 NMI. */
static void qemu_madt(struct acpi_madt *m, unsigned cpus)
{
	static const uint8_t level_irqs[] = { 5, 9, 10, 11 };

	acpi_madt_init(m, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	for (unsigned i = 0; i < cpus; i++)
		acpi_madt_lapic(m, (uint8_t)i, (uint8_t)i, ACPI_CPU_ENABLED);
	acpi_madt_ioapic(m, 0, 0xfec00000u, 0);
	acpi_madt_iso(m, 0, 2, 0);
	for (size_t i = 0; i < sizeof(level_irqs); i++)
		acpi_madt_iso(m, level_irqs[i], level_irqs[i], 0xd);
	acpi_madt_lapic_nmi(m, 0xff);
}

/* ACPI 1.0 as SeaBIOS lays it out: RSDP -> RSDT -> { FACP, APIC, HPET }. */
static void acpi1_seed(const char *dir, const char *name, unsigned cpus, uint8_t flags)
{
	static struct image img;
	static struct acpi_madt m;
	uint8_t rsdp[ACPI_RSDP_V2_LEN];
	uint64_t tables[3];

	img.base = FUZZ_ACPI_BASE;
	img.len = 0;
	qemu_madt(&m, cpus);
	tables[0] = image_add_zeros(&img, "FACP", 1, 80);
	tables[1] = image_add_madt(&img, &m);
	tables[2] = image_add_zeros(&img, "HPET", 1, 20);
	write_seed(dir, name, flags, rsdp,
		   acpi_build_rsdp(rsdp, &bochs, 0, (uint32_t)image_add_rsdt(&img, tables, 3), 0),
		   &img);
}

/* Disabled, online-capable, duplicate and x2APIC-only processors, and an unknown entry. */
static void acpi2_madt(struct acpi_madt *m)
{
	acpi_madt_init(m, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	acpi_madt_lapic(m, 0, 0, ACPI_CPU_ENABLED);
	acpi_madt_lapic(m, 1, 2, ACPI_CPU_ENABLED);
	acpi_madt_lapic(m, 2, 4, 0);
	acpi_madt_lapic(m, 3, 6, ACPI_CPU_ONLINE);
	acpi_madt_lapic(m, 4, 0xff, ACPI_CPU_ENABLED);
	acpi_madt_x2apic(m, 2, ACPI_CPU_ENABLED, 1);
	acpi_madt_x2apic(m, 6, ACPI_CPU_ENABLED, 3);
	acpi_madt_x2apic(m, 0x100, ACPI_CPU_ENABLED, 5);
	acpi_madt_x2apic(m, 0x101, ACPI_CPU_ONLINE, 6);
	acpi_madt_x2apic(m, 0xffffffffu, ACPI_CPU_ENABLED, 7);
	acpi_madt_ioapic(m, 0, 0xfec00000u, 0);
	acpi_madt_iso(m, 0, 2, 0);
	acpi_madt_override(m, ACPI_LAPIC_DEFAULT);
	acpi_madt_lapic_nmi(m, 0xff);
	acpi_madt_x2apic_nmi(m, 0xffffffffu);
	acpi_madt_add(m, 0x7f, 2);
}

/* ACPI 2.0 as OVMF lays it out: RSDP -> XSDT (and, below 4 GiB, RSDT) -> { FACP, SSDT, APIC }. */
static void acpi2_seed(const char *dir, const char *name, uint64_t base, uint8_t flags)
{
	static struct image img;
	static struct acpi_madt m;
	uint8_t rsdp[ACPI_RSDP_V2_LEN];
	uint64_t tables[3], xsdt, rsdt = 0;

	img.base = base;
	img.len = 0;
	acpi2_madt(&m);
	tables[0] = image_add_zeros(&img, "FACP", 6, 244);
	tables[1] = image_add_zeros(&img, "SSDT", 1, 64);
	tables[2] = image_add_madt(&img, &m);
	xsdt = image_add_xsdt(&img, tables, 3);
	if (base < 1ull << 32)
		rsdt = image_add_rsdt(&img, tables, 3);
	write_seed(dir, name, flags, rsdp, acpi_build_rsdp(rsdp, &bochs, 2, (uint32_t)rsdt, xsdt),
		   &img);
}

/* Only x2APIC entries, through the XSDT alone. */
static void many_cpus_seed(const char *dir, const char *name, unsigned count)
{
	static struct image img;
	static struct acpi_madt m;
	uint8_t rsdp[ACPI_RSDP_V2_LEN];
	uint64_t apic;

	img.base = FUZZ_ACPI_BASE;
	img.len = 0;
	acpi_madt_init(&m, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	for (unsigned i = 0; i < count; i++)
		acpi_madt_x2apic(&m, i, ACPI_CPU_ENABLED, i);
	apic = image_add_madt(&img, &m);
	write_seed(dir, name, BOTH_FIXES, rsdp,
		   acpi_build_rsdp(rsdp, &bochs, 2, 0, image_add_xsdt(&img, &apic, 1)), &img);
}

static void write_dict(const char *outdir)
{
	static const char *const words[] = { "RSD PTR ", "RSDT", "XSDT", "APIC", "FACP" };
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/acpi.dict", outdir);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "acpi_seeds: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		fprintf(f, "\"%s\"\n", words[i]);
	fclose(f);
}

int main(int argc, char **argv)
{
	char dir[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: acpi_seeds OUTDIR\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/acpi", argv[1]);
	if (mkdir(argv[1], 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "acpi_seeds: cannot create %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "acpi_seeds: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	acpi1_seed(dir, "acpi1_qemu_1cpu", 1, BOTH_FIXES);
	acpi1_seed(dir, "acpi1_qemu_4cpu", 4, BOTH_FIXES);
	/* Checksums already right: the unrepaired paths start valid too. */
	acpi1_seed(dir, "acpi1_qemu_4cpu_raw", 4, 0);
	acpi2_seed(dir, "acpi2_ovmf", FUZZ_ACPI_BASE, BOTH_FIXES);
	acpi2_seed(dir, "acpi2_ovmf_raw", FUZZ_ACPI_BASE, 0);
	acpi2_seed(dir, "acpi2_high", FUZZ_ACPI_BASE_HIGH, BOTH_FIXES | FUZZ_ACPI_HIGH_BASE);
	/*
	 * Enough to be interesting, yet inside libFuzzer's default 4 KiB
	 * input limit: the parser's duplicate search is quadratic, and 1025
	 * processors (to pass CONFIG_MAX_CPUS) would take 16 KiB and slow
	 * every execution down by a factor of fifty.
	 */
	many_cpus_seed(dir, "acpi2_200cpu", 200);
	write_dict(argv[1]);
	return 0;
}
