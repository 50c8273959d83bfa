/*
 * The test kernels' main: check the image was loaded whole (data intact,
 * bss zero), print what the loader handed over, start the other
 * processors if asked (smp=mp|broadcast, x2apic, sipi0), and exit with a
 * status on port 0xf4: 0 when everything held, or the exit=N option's N.
 */
#include "include/multiboot1.h"
#include "lib/multiboot2.h"
#include "tests/guests/mbtest.h"

#define DATA_PATTERN 0x600dda7au
#define BSS_WORDS    1024

/* In .data and .bss: a loader that skips a segment or leaves garbage in bss shows here. */
static volatile uint32_t data_words[4] = { DATA_PATTERN, ~DATA_PATTERN, DATA_PATTERN, 1 };
static volatile uint32_t bss_words[BSS_WORDS];

static bool image_intact(void)
{
	bool ok = data_words[0] == DATA_PATTERN && data_words[1] == ~DATA_PATTERN &&
		  data_words[2] == DATA_PATTERN && data_words[3] == 1;
	uint32_t i, nonzero = 0;

	put_str(ok ? "mbtest: data ok\n" : "mbtest: data corrupt\n");
	for (i = 0; i < BSS_WORDS; i++)
		nonzero |= bss_words[i];
	put_str(nonzero ? "mbtest: bss dirty\n" : "mbtest: bss ok\n");
	return ok && !nonzero;
}

static uint32_t parse_dec(const char *s, size_t len)
{
	uint32_t v = 0;

	while (len-- && *s >= '0' && *s <= '9')
		v = v * 10 + (uint32_t)(*s++ - '0');
	return v;
}

/* smp=mp|broadcast: 0 when every processor the MADT lists arrived, 1 otherwise. */
static uint32_t run_smp(const struct options *opt, const char *method, size_t len)
{
	static uint32_t ids[MAX_CPUS];
	struct smp_request req = { .ids = ids };
	uint32_t cpus;

	req.method = len == 2 && !memcmp(method, "mp", 2) ? SMP_PER_AP : SMP_BROADCAST;
	req.x2apic = has_word(opt->cmdline, "x2apic");
	req.vector0 = has_word(opt->cmdline, "sipi0");
	req.count = madt_cpus(opt->rsdp_addr, &req.lapic_base, ids, MAX_CPUS);
	put_str("mbtest: madt cpus=");
	put_dec(req.count);
	put_str("\n");
	if (req.count == 0)
		return 1;
	cpus = smp_start(&req);
	print_lock();
	put_str("mbtest: cpus=");
	put_dec(cpus);
	put_str("\n");
	print_unlock();
	return cpus == req.count ? 0 : 1;
}

void mbtest_main(uint32_t magic, uint32_t info) __attribute__((noreturn));

void mbtest_main(uint32_t magic, uint32_t info)
{
	struct options opt = { 0 };
	uint32_t status;
	const char *v;
	size_t len;

	serial_init();
	put_str("mbtest: magic=");
	put_hex(magic);
	put_str("\n");
	status = image_intact() ? 0 : 1;
	if (magic == MB1_BOOTLOADER_MAGIC)
		print_mb1_info(info, &opt);
	else if (magic == MB2_BOOTLOADER_MAGIC)
		print_mb2_info(info, &opt);
	else
		status = 1;
	if ((v = option(opt.cmdline, "smp", &len)) && run_smp(&opt, v, len))
		status = 1;
	if ((v = option(opt.cmdline, "exit", &len)))
		status = parse_dec(v, len);
	print_lock();
	put_str("mbtest: exit ");
	put_dec(status);
	put_str("\n");
	guest_exit(status);
}
