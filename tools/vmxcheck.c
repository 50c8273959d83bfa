/*
 * vmxcheck: can this machine run the hypervisor's VMX code?
 *
 *   vmxcheck [--dump FILE] [--cpu N]
 *
 * Without --dump it runs CPUID on CPU N (default 0) and reads the VMX
 * capability MSRs through the Linux msr driver (/dev/cpu/N/msr), reading
 * only the MSRs the SDM says exist.  With --dump it reads NAME=VALUE lines
 * instead ("-" is standard input).  Either way it prints the decode of
 * lib/vmx/, advice when VMX is not usable, and last one line:
 *
 *   verdict=<ok|unsupported|disabled-by-firmware|unusable|unknown>
 *   revision=0x<hex> region=<bytes> addr32=<yes|no> true_ctls=<yes|no>
 *
 * Exit status: 0 only for verdict=ok, 1 for any other verdict, 2 for a
 * usage error (including a CPU that does not exist or an unreadable dump).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "lib/host/vmx_dump.h"
#include "lib/vmx/caps.h"

#define EXIT_USAGE 2

struct options {
	const char *dump; /* NULL: probe this machine */
	long cpu;	  /* -1: not given */
};

static void print_stdout(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void print_stdout(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static int usage(void)
{
	fprintf(stderr, "usage: vmxcheck [--dump FILE] [--cpu N]\n"
			"  --dump FILE  decode NAME=VALUE lines ('-' for stdin)\n"
			"  --cpu N      probe CPU N (default 0) via /dev/cpu/N/msr\n");
	return EXIT_USAGE;
}

static bool parse_cpu(const char *text, long *cpu)
{
	char *end;

	errno = 0;
	*cpu = strtol(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && *cpu >= 0 && *cpu < 1L << 20;
}

/* The value of option `name` ("--x VALUE" or "--x=VALUE"), or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] != '\0' || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static bool parse_args(int argc, char **argv, struct options *opt)
{
	const char *v;
	int i;

	opt->dump = NULL;
	opt->cpu = -1;
	for (i = 1; i < argc; i++) {
		if ((v = option_value(argc, argv, &i, "--dump")) && !opt->dump)
			opt->dump = v;
		else if ((v = option_value(argc, argv, &i, "--cpu")) && opt->cpu < 0 &&
			 parse_cpu(v, &opt->cpu))
			continue;
		else
			return false;
	}
	if (opt->dump && opt->cpu >= 0) {
		fprintf(stderr, "vmxcheck: --cpu applies to probing, not to --dump\n");
		return false;
	}
	if (opt->cpu < 0)
		opt->cpu = 0;
	return true;
}

/* ---- Reading a dump ----------------------------------------------------- */

static void warn_line(int result, const char *name, unsigned long lineno)
{
	if (result == VMX_PARSE_UNKNOWN_NAME)
		fprintf(stderr, "vmxcheck: ignoring unknown name %.*s at line %lu\n",
			(int)vmx_dump_name_len(name), name, lineno);
	else if (result == VMX_PARSE_OUT_OF_RANGE)
		fprintf(stderr, "vmxcheck: ignoring out-of-range value at line %lu\n", lineno);
	else
		fprintf(stderr, "vmxcheck: ignoring malformed line %lu\n", lineno);
}

static bool read_dump(const char *path, struct vmx_msr_snapshot *s)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	const char *name;
	int result;

	if (!f) {
		fprintf(stderr, "vmxcheck: cannot read %s: %s\n", path, strerror(errno));
		return false;
	}
	vmx_snapshot_init(s);
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		result = vmx_snapshot_parse_line(s, line, &name);
		if (result != VMX_PARSE_OK)
			warn_line(result, name, lineno);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return true;
}

/* ---- Probing this machine ----------------------------------------------- */

struct probe {
	long cpu;
	bool msr_opened; /* opening was tried */
	int msr_fd;	 /* -1 without the msr driver */
};

static void probe_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	(void)ctx;
	__cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);
}

/* CPUID answers for the CPU it runs on, so run on the one asked for. */
static bool pin_to_cpu(long cpu)
{
	cpu_set_t *set = CPU_ALLOC(cpu + 1);
	size_t size = CPU_ALLOC_SIZE(cpu + 1);
	int err = 0;

	if (!set)
		return false;
	CPU_ZERO_S(size, set);
	CPU_SET_S(cpu, size, set);
	if (sched_setaffinity(0, size, set) != 0)
		err = errno;
	CPU_FREE(set);
	if (err)
		fprintf(stderr, "vmxcheck: cannot run on CPU %ld: %s\n", cpu, strerror(err));
	return err == 0;
}

static void explain_msr_open_failure(const char *path, int err)
{
	if (err == ENOENT)
		fprintf(stderr,
			"vmxcheck: %s does not exist: the msr driver "
			"is not loaded; run 'sudo modprobe msr'\n",
			path);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr,
			"vmxcheck: %s: permission denied; run "
			"vmxcheck as root (reading MSRs needs CAP_SYS_RAWIO)\n",
			path);
	else
		fprintf(stderr, "vmxcheck: cannot open %s: %s\n", path, strerror(err));
	fprintf(stderr, "vmxcheck: without the MSRs only CPUID can be "
			"judged, so a VT-x processor gets verdict=unknown\n");
}

/*
 * Opened at the first read, so a processor whose CPUID already rules VMX
 * out (no MSR exists to read) gets no talk of the msr driver.
 */
static int msr_device(struct probe *p)
{
	char path[64];

	if (p->msr_opened)
		return p->msr_fd;
	p->msr_opened = true;
	snprintf(path, sizeof(path), "/dev/cpu/%ld/msr", p->cpu);
	p->msr_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (p->msr_fd < 0)
		explain_msr_open_failure(path, errno);
	return p->msr_fd;
}

/* The msr driver turns the #GP of a missing MSR into EIO. */
static bool probe_rdmsr(void *ctx, uint32_t msr, uint64_t *value)
{
	struct probe *p = ctx;
	int fd = msr_device(p);

	if (fd < 0)
		return false;
	if (pread(fd, value, sizeof(*value), msr) == sizeof(*value))
		return true;
	fprintf(stderr, "vmxcheck: reading MSR 0x%x on CPU %ld failed: %s\n", msr, p->cpu,
		strerror(errno));
	return false;
}

static bool probe_machine(long cpu, struct vmx_msr_snapshot *s)
{
	static const struct vmx_probe_ops ops = {
		.cpuid = probe_cpuid,
		.rdmsr = probe_rdmsr,
	};
	struct probe p = { .cpu = cpu, .msr_fd = -1 };

	if (!pin_to_cpu(cpu))
		return false;
	vmx_snapshot_collect(s, &ops, &p);
	if (p.msr_fd >= 0)
		close(p.msr_fd);
	return true;
}

/* ---- Verdict ------------------------------------------------------------ */

static int report(const struct vmx_msr_snapshot *s)
{
	struct vmx_assessment a;

	vmx_caps_print(s, print_stdout, NULL);
	vmx_assess(s, &a);
	if (a.verdict != VMX_OK)
		printf("advice (%s): %s\n", vmx_cause_name(a.reason), vmx_cause_advice(a.reason));
	printf("verdict=%s revision=0x%x region=%u addr32=%s true_ctls=%s\n",
	       vmx_verdict_name(a.verdict), a.revision, a.region_size, a.addr32 ? "yes" : "no",
	       a.true_ctls ? "yes" : "no");
	return a.verdict == VMX_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct vmx_msr_snapshot s;
	struct options opt;
	bool got;

	if (!parse_args(argc, argv, &opt))
		return usage();
	if (opt.dump)
		got = read_dump(opt.dump, &s);
	else
		got = probe_machine(opt.cpu, &s);
	if (!got)
		return EXIT_USAGE;
	return report(&s);
}
