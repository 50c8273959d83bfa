/*
 * Seeds for fuzz_acpi_dmar: real-shaped DMAR tables from the unit tests'
 * builder (tests/support/dmar_build.h), each prefixed with the harness's
 * mode byte.  Usage: dmar_seeds DIR.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "tests/support/dmar_build.h"

static int write_seed(const char *dir, const char *name, const struct dmar_build *b)
{
	char path[512];
	unsigned char mode = 1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return 1;
	fwrite(&mode, 1, 1, f);
	fwrite(b->bytes, 1, b->len, f);
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	static const unsigned char gfx[][2] = { { 2, 0 } };
	static const unsigned char bridges[][2] = { { 0x1c, 4 }, { 0, 0 } };
	struct dmar_build b;
	int bad = 0;

	if (argc != 2)
		return 2;
	mkdir(argv[1], 0755); /* may exist already */
	dmar_begin(&b, 39, 1);
	dmar_add_drhd(&b, 0, 0, 0xfed90000);
	dmar_add_scope(&b, 1, 0, 0, gfx, 1);
	dmar_add_scope(&b, 2, 0, 0, bridges, 2);
	dmar_add_drhd(&b, 1, 0, 0xfed91000);
	dmar_add_scope(&b, 3, 2, 0xf0, gfx, 1);
	dmar_add_rmrr(&b, 0, 0x7c000000, 0x7c7fffff);
	dmar_add_scope(&b, 1, 0, 0, gfx, 1);
	dmar_add_atsr(&b, 0, 0);
	dmar_add_scope(&b, 2, 0, 0, gfx, 1);
	dmar_add_rhsa(&b, 0xfed91000, 0);
	dmar_finish(&b);
	bad |= write_seed(argv[1], "laptop", &b);
	dmar_begin(&b, 48, 0);
	dmar_add_drhd(&b, 1, 0, 0xfed90000);
	dmar_finish(&b);
	bad |= write_seed(argv[1], "qemu", &b);
	return bad;
}
