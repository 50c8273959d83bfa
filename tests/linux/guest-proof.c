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
 * Built static with the host's gcc and put in the test initramfs
 * (tools/linux-initramfs.sh).
 */
#include <cpuid.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CPUID_HV_BIT  (1u << 31) /* CPUID.1:ECX, "hypervisor present" */
#define CPUID_VMX_BIT (1u << 5)	 /* CPUID.1:ECX, VMX */
#define CPUID_HV_LEAF 0x40000000u

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

int main(void)
{
	unsigned int eax, ebx, ecx, edx;
	char signature[13] = "", vmcall[32];
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
	return 0;
}
