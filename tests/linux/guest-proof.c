/*
 * guest-proof: what a Linux guest sees of the machine under it, printed as
 * one line for the tests to parse (README.md, "The Linux guest"):
 *
 *   guest-proof signature="<12 chars>" cpuid-hv=yes|no hypervisor-flag=yes|no
 *     cpus=<online> vmcall=sigill|no-fault|signal-<n> cpuid-vmx=yes|no
 *     vmx-flag=yes|no
 *
 * signature is CPUID leaf 40000000H's EBX ECX EDX, read only when CPUID.1:
 * ECX[31] (cpuid-hv) says a hypervisor is there, else "".  hypervisor-flag
 * and vmx-flag are the words in /proc/cpuinfo's flags; cpus counts
 * /sys/devices/system/cpu/online.  vmcall says what VMCALL did at CPL 3: a
 * hypervisor that handles it or a processor outside VMX non-root operation
 * raises #UD, which Linux delivers as SIGILL.
 *
 * With proof-exits=S on Linux's command line it then measures its exits,
 * one line per online processor, pinned there (sched_setaffinity): the
 * core's exit count from CPUID 40000002H around S seconds of sleep (idle)
 * and S seconds of a loop that writes memory and makes system calls (busy),
 * less the CPUID exit of the second reading itself:
 *
 *   guest-proof exits cpu=<n> idle=<x.xx>/s busy=<y.yy>/s idle-exits=<a>
 *     busy-exits=<b> seconds=<S>
 *
 * (nothing where the hypervisor has no such leaf).  With proof-work=N it
 * times a fixed workload, N rounds of that busy loop's body, on cpu 0:
 *
 *   guest-proof boot ms=<CLOCK_BOOTTIME when guest-proof started>
 *   guest-proof work rounds=<N> us=<elapsed, CLOCK_MONOTONIC>
 *   guest-proof clock source=<clocksource> tsc-khz=<TSC over CLOCK_MONOTONIC>
 *     bogomips=<of cpu 0>
 *
 * which runs the same bare and as a guest (tools/linux-bare.sh bench-guest):
 * the clock line shows that both boots keep time alike.
 *
 * Built static with the host's gcc and put in the test initramfs
 * (tools/linux-initramfs.sh).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define CPUID_HV_BIT   (1u << 31) /* CPUID.1:ECX, "hypervisor present" */
#define CPUID_VMX_BIT  (1u << 5)  /* CPUID.1:ECX, VMX */
#define CPUID_HV_LEAF  0x40000000u
#define CPUID_HV_EXITS 0x40000002u    /* the calling core's exits: EAX low, EDX high (README) */
#define WORK_BYTES     (256u * 1024u) /* what one round of the busy loop writes */
#define PAGE_BYTES     4096u

static sigjmp_buf vmcall_jump;

static void on_signal(int sig)
{
	siglongjmp(vmcall_jump, sig);
}

/* What a VMCALL at CPL 3 did: "sigill", "no-fault" or "signal-<n>". */
static const char *try_vmcall(char *buf, size_t len)
{
	struct sigaction sa, old_ill, old_segv;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGILL, &sa, &old_ill);
	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(vmcall_jump, 1);
	if (!sig) {
		__asm__ volatile("vmcall" ::: "memory");
		snprintf(buf, len, "no-fault");
	} else if (sig == SIGILL) {
		snprintf(buf, len, "sigill");
	} else {
		snprintf(buf, len, "signal-%d", sig);
	}
	sigaction(SIGILL, &old_ill, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return buf;
}

/* The hypervisor signature, with anything unprintable shown as '?'. */
static void hv_signature(char out[13])
{
	unsigned int eax, regs[3];
	int i;

	__cpuid(CPUID_HV_LEAF, eax, regs[0], regs[1], regs[2]);
	memcpy(out, regs, 12);
	out[12] = '\0';
	for (i = 0; i < 12; i++)
		if (out[i] && (out[i] < 0x20 || out[i] > 0x7e || out[i] == '"'))
			out[i] = '?';
	(void)eax;
}

/* Whether word is one of /proc/cpuinfo's flags (of the first processor). */
static bool cpuinfo_flag(const char *word)
{
	static char line[8192];
	FILE *f = fopen("/proc/cpuinfo", "r");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *tok;

		if (strncmp(line, "flags", 5))
			continue;
		for (tok = strtok(strchr(line, ':'), ": \n"); tok; tok = strtok(NULL, " \n"))
			if (!strcmp(tok, word))
				found = true;
		break;
	}
	fclose(f);
	return found;
}

/* Online CPUs from a list like "0-3,5"; -1 if it cannot be read. */
static int online_cpus(void)
{
	char buf[256], *p;
	int count = 0;
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	for (p = buf; *p && *p != '\n';) {
		long first = strtol(p, &p, 10), last = first;

		if (*p == '-')
			last = strtol(p + 1, &p, 10);
		count += (int)(last - first + 1);
		if (*p == ',')
			p++;
		else
			break;
	}
	return count;
}

/* The value of word=N on Linux's command line, or 0. */
static long cmdline_number(const char *word)
{
	char buf[4096], *p;
	size_t len = strlen(word);
	FILE *f = fopen("/proc/cmdline", "r");
	long value = 0;

	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f))
		for (p = strtok(buf, " \n"); p; p = strtok(NULL, " \n"))
			if (!strncmp(p, word, len) && p[len] == '=')
				value = strtol(p + len + 1, NULL, 10);
	fclose(f);
	return value;
}

static bool has_exit_leaf(void)
{
	unsigned int eax, ebx, ecx, edx;

	__cpuid(1, eax, ebx, ecx, edx);
	if (!(ecx & CPUID_HV_BIT))
		return false;
	__cpuid(CPUID_HV_LEAF, eax, ebx, ecx, edx);
	return eax >= CPUID_HV_EXITS;
}

static unsigned long long core_exits(void)
{
	unsigned int eax, ebx, ecx, edx;

	__cpuid(CPUID_HV_EXITS, eax, ebx, ecx, edx);
	(void)ebx;
	(void)ecx;
	return (unsigned long long)edx << 32 | eax;
}

static double seconds_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* One round of the busy loop: a write to every page of buf, two system calls. */
static void work_round(volatile unsigned char *buf, unsigned round)
{
	for (unsigned i = 0; i < WORK_BYTES; i += PAGE_BYTES)
		buf[i] = (unsigned char)(round + i);
	syscall(SYS_getppid);
	syscall(SYS_getpid);
}

static bool pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0;
}

/* Exits in the interval: the second reading's own CPUID exit taken off. */
static unsigned long long exits_between(unsigned long long before, unsigned long long after)
{
	return after > before ? after - before - 1 : 0;
}

static void measure_exits(int cpus, long seconds, unsigned char *buf)
{
	for (int cpu = 0; cpu < cpus; cpu++) {
		unsigned long long before, idle, busy;
		unsigned round = 0;
		double end;

		if (!pin_to(cpu))
			continue;
		before = core_exits();
		sleep((unsigned)seconds);
		idle = exits_between(before, core_exits());
		end = seconds_now() + seconds;
		before = core_exits();
		while (seconds_now() < end)
			work_round(buf, round++);
		busy = exits_between(before, core_exits());
		printf("guest-proof exits cpu=%d idle=%.2f/s busy=%.2f/s idle-exits=%llu "
		       "busy-exits=%llu seconds=%ld\n",
		       cpu, (double)idle / seconds, (double)busy / seconds, idle, busy, seconds);
		fflush(stdout);
	}
}

/* The first line of path, without its newline, or "?". */
static void first_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");

	snprintf(out, len, "?");
	if (f && fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* /proc/cpuinfo's first bogomips value, or "?". */
static void bogomips(char *out, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(out, len, "?");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "bogomips", 8) && strchr(line, ':')) {
			snprintf(out, len, "%s", strchr(line, ':') + 2);
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
}

/* Linux's own time since it started keeping it, when guest-proof started: its boot, in its clock. */
static double boot_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void time_work(long rounds, unsigned char *buf, double booted_ms)
{
	char source[64], mips[32];
	unsigned long long tsc;
	double start, seconds;

	pin_to(0);
	start = seconds_now();
	tsc = __builtin_ia32_rdtsc();
	for (long r = 0; r < rounds; r++)
		work_round(buf, (unsigned)r);
	tsc = __builtin_ia32_rdtsc() - tsc;
	seconds = seconds_now() - start;
	first_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", source,
		   sizeof(source));
	bogomips(mips, sizeof(mips));
	printf("guest-proof boot ms=%.0f\n", booted_ms);
	printf("guest-proof work rounds=%ld us=%.0f\n", rounds, seconds * 1e6);
	printf("guest-proof clock source=%s tsc-khz=%.0f bogomips=%s\n", source,
	       seconds > 0 ? tsc / seconds / 1e3 : 0.0, mips);
	fflush(stdout);
}

int main(void)
{
	unsigned int eax, ebx, ecx, edx;
	char signature[13] = "", vmcall[32];
	double booted_ms = boot_ms();
	bool hv;

	__cpuid(1, eax, ebx, ecx, edx);
	hv = ecx & CPUID_HV_BIT;
	if (hv)
		hv_signature(signature);
	printf("guest-proof signature=\"%s\" cpuid-hv=%s hypervisor-flag=%s cpus=%d vmcall=%s "
	       "cpuid-vmx=%s vmx-flag=%s\n",
	       signature, hv ? "yes" : "no", cpuinfo_flag("hypervisor") ? "yes" : "no",
	       online_cpus(), try_vmcall(vmcall, sizeof(vmcall)),
	       ecx & CPUID_VMX_BIT ? "yes" : "no", cpuinfo_flag("vmx") ? "yes" : "no");
	fflush(stdout);
	(void)eax;
	(void)ebx;
	(void)edx;
	if (cmdline_number("proof-exits") > 0 || cmdline_number("proof-work") > 0) {
		static unsigned char buf[WORK_BYTES];
		if (cmdline_number("proof-exits") > 0 && has_exit_leaf())
			measure_exits(online_cpus(), cmdline_number("proof-exits"), buf);
		if (cmdline_number("proof-work") > 0)
			time_work(cmdline_number("proof-work"), buf, booted_ms);
	}
	return 0;
}
