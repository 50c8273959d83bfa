# Build, run and test the hypervisor.  `make help` lists the targets.
#
# Toolchain: the host gcc (or clang) used as a freestanding compiler, nasm and
# GNU ld (or ld.lld).  CROSS=x86_64-elf- selects a cross toolchain; CC, LD and
# HOSTCC may be overridden one by one.

CROSS   ?=
ifeq ($(origin CC),default)
CC      := $(CROSS)gcc
endif
ifeq ($(origin LD),default)
LD      := $(CROSS)ld
endif
NASM    ?= nasm
HOSTCC  ?= cc

BUILD   ?= build
KERNEL_ELF := $(BUILD)/hypervisor.elf
ISO     := $(BUILD)/hypervisor.iso
SYMS    := $(BUILD)/hypervisor.sym

# The tree's layers (docs/architecture.md; tools/check-layers.sh checks them):
#   include/   constants and register layouts
#   lib/       pure code, no hardware access: built into the kernel, the host
#              unit tests, the fuzzers and vmxcheck
#   arch/x86/  code that touches the CPU and devices; arch/x86/vmx/ the VMM
#   kernel/    the boot flow and the report
# lib/host/ is pure code that only the host uses (the VMX dump-file reader,
# helpers only tests call): built for the tests, fuzzers and vmxcheck, never
# linked into the kernel (tools/check-host-only.sh checks the ELF).
HOST_ONLY_SRCS := $(sort $(wildcard lib/host/*.c))
# lib/libc/ is the C library the kernel needs (the host has its own): pure
# code at the bottom layer, linked into the kernel only.
KERNEL_LIBC_SRCS := $(sort $(wildcard lib/libc/*.c))
PURE_SRCS := $(filter-out $(HOST_ONLY_SRCS) $(KERNEL_LIBC_SRCS),$(sort $(wildcard lib/*.c lib/*/*.c)))

# arch/x86/asm_consts.c is compiled to assembly only, for the NASM constants.
ASM_CONSTS_SRC := arch/x86/asm_consts.c
ASM_CONSTS_INC := $(BUILD)/gen/asm_consts.inc
KERNEL_CSRCS := $(filter-out $(ASM_CONSTS_SRC), \
	$(sort $(wildcard kernel/*.c arch/x86/*.c arch/x86/*/*.c))) $(KERNEL_LIBC_SRCS) $(PURE_SRCS)
KERNEL_ASRCS := $(sort $(wildcard boot/*.asm arch/x86/*.asm arch/x86/*/*.asm))
KERNEL_OBJS  := $(KERNEL_ASRCS:%.asm=$(BUILD)/kernel/%.o) \
                $(KERNEL_CSRCS:%.c=$(BUILD)/kernel/%.o)

# The framebuffer console's font is made at build time from a PSF console
# font that Debian's console-setup-linux installs: the repository holds no
# font.  FONT=path/to/font.psf[.gz] picks another.
FONT     ?=
FONT_C   := $(BUILD)/gen/font.c
FONT_OBJ := $(BUILD)/kernel/gen/font.o
KERNEL_OBJS += $(FONT_OBJ)

# No red zone (interrupts would clobber it), no SSE (the kernel never saves
# vector state), no PIE: the kernel is linked and run at its load address.
KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -Ilib/libc -I. \
	-fno-stack-protector -fno-pic -fno-pie -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -mno-red-zone -mno-mmx -mno-sse -mno-sse2 \
	-mno-80387 -mcmodel=small -MMD -MP
ifneq ($(findstring clang,$(shell $(CC) --version 2>/dev/null | head -n1)),)
KERNEL_CFLAGS += --target=x86_64-unknown-none-elf
endif
KERNEL_LDFLAGS := -nostdlib -n -z max-page-size=0x1000 -z noexecstack -T linker.ld --no-warn-rwx-segments
ifeq ($(findstring LLD,$(shell $(LD) --version 2>/dev/null | head -n1)),LLD)
KERNEL_LDFLAGS := $(filter-out --no-warn-rwx-segments,$(KERNEL_LDFLAGS))
endif

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP
HOST_PURE_OBJS := $(PURE_SRCS:%.c=$(BUILD)/host/%.o) $(HOST_ONLY_SRCS:%.c=$(BUILD)/host/%.o)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(wildcard tests/unit/test_*.c))
# Helpers the host tests share (table builders and such), linked into each.
TEST_SUPPORT_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(wildcard tests/support/*.c))

.PHONY: all iso run qemu bochs bochs-debug bochs-trace debug gdb FORCE test lint format unit-test gdb-test host-only-test vmxcheck-test toolchain-test integration-test deps vmxcheck bench fuzz clean help
.PHONY: linux run-linux-bare bench-linux-bare run-linux bench-linux test-linux-stock run-guest bench-guest bench-gdb readme-check
all: $(ISO) $(SYMS)

help:
	@echo "make           build $(ISO)"
	@echo "make run       boot it (QEMU+KVM with nested VMX if usable, else Bochs)"
	@echo "make qemu      boot it in QEMU (TCG unless KVM is usable)"
	@echo "make bochs     boot it in Bochs (emulated VMX)"
	@echo "make bochs-debug  Bochs with its debugger and the kernel's symbols (BREAK=fn,fn DEBUG_SCRIPT=file)"
	@echo "make bochs-trace  instruction trace of cpu 0 from vmx-check to vmxoff in $(BUILD)/trace.txt"
	@echo "make debug     QEMU waiting for GDB; then make gdb in another terminal (GDB_SCRIPT=file)"
	@echo "make lint      clang-format check, shellcheck, the layer rule"
	@echo "make format    format the C sources with .clang-format"
	@echo "make gdb-test  real GDB against the GDB stub's command layer (fake target, TCP loopback)"
	@echo "make test      lint, host unit tests, then boots in QEMU (SeaBIOS, OVMF) and Bochs"
	@echo "make vmxcheck  build $(BUILD)/host/vmxcheck, the host-side VMX checker"
	@echo "make bench     measure boot and AP bring-up times"
	@echo "make fuzz      fuzz the Multiboot2, ACPI and VMX dump parsers (FUZZ_SECONDS=60 each)"
	@echo "make deps      install the Debian packages make test needs"
	@echo "make linux     build the Linux guest's test kernel (cached) and initramfs"
	@echo "make run-linux  the hypervisor with Linux as its guest, in Bochs (KERNEL=, INITRD=, LINUX_CMDLINE=; GDB=1 GUEST_SYMBOLS=vmlinux)"
	@echo "make run-guest  any kernel as its guest, in Bochs (GUEST=kernel GUEST_ARGS= GUEST_MODULES=; GDB=1: GDB stub)"
	@echo "make bench-linux  the guest's boot against the bare boot, in Bochs"
	@echo "make bench-gdb  the time of one GDB stepi through the hypervisor's stub, in Bochs"
	@echo "make bench-guest  a Multiboot kernel bare against as the guest, in Bochs"
	@echo "make test-linux-stock  Debian's stock kernel as the guest, with its initramfs-tools initrd (minutes)"
	@echo "make readme-check  run every README example and compare its transcripts (minutes)"
	@echo "make run-linux-bare  boot them by GRUB with no hypervisor (EMU=qemu|bochs)"
	@echo "make bench-linux-bare  time those boots in Bochs and QEMU"
	@echo "make guests    build the Multiboot test guest kernels into $(BUILD)/guests/"

$(BUILD)/kernel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.o: %.asm $(ASM_CONSTS_INC)
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -F dwarf -I. -I$(BUILD)/gen/ -MD $(@:.o=.d) -MP $< -o $@

# The assembly's constants and structure offsets, from the C definitions.
$(ASM_CONSTS_INC): $(ASM_CONSTS_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MT $@ -MF $(BUILD)/gen/asm_consts.d -S $< -o $(BUILD)/gen/asm_consts.s
	@{ echo "; Generated from $< by the Makefile: do not edit."; \
	  sed -n 's/.*->\([A-Za-z0-9_]*\) [$$]\{0,1\}\(-\{0,1\}[0-9][0-9]*\).*/%define \1 \2/p' \
		$(BUILD)/gen/asm_consts.s; } > $@.tmp && mv $@.tmp $@

$(FONT_C): tools/psf2c.py $(FONT)
	@mkdir -p $(dir $@)
	python3 tools/psf2c.py $(FONT) -o $@

$(FONT_OBJ): $(FONT_C)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

# The dependency rule is part of the build: a layer violation fails it.
LAYERS_OK := $(BUILD)/layers.ok
$(LAYERS_OK): tools/check-layers.sh $(KERNEL_CSRCS) $(wildcard include/*.h include/*/*.h lib/*.h lib/*/*.h arch/x86/*.h arch/x86/*/*.h kernel/*.h)
	@mkdir -p $(dir $@)
	@tools/check-layers.sh
	@touch $@

# No two files of the VMM, of the boot flow (kernel/) or of the pure code
# (lib/) call each other, directly or round a circle (tools/check-circles.py
# reads who calls whom from the objects).  The rest of arch/x86 is left out
# for its assembly entries, which C calls and which call C by design.
VMM_OBJS := $(filter $(BUILD)/kernel/arch/x86/vmx/% $(BUILD)/kernel/arch/x86/guests/% \
	$(BUILD)/kernel/arch/x86/vmxtest/% $(BUILD)/kernel/kernel/% $(BUILD)/kernel/lib/%,$(KERNEL_OBJS))

$(KERNEL_ELF): $(KERNEL_OBJS) linker.ld $(LAYERS_OK) tools/check-circles.py
	$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)
	@python3 tools/check-circles.py $(VMM_OBJS) || { rm -f $@; exit 1; }

# GRUB's menu waits GRUB_TIMEOUT seconds on real hardware; the targets that
# boot an emulator build with 0.  CMDLINE= adds to the kernel's command line
# in every entry (make run, qemu, bochs, bochs-debug, debug, run-linux).  The
# file changes only when a value does.
GRUB_TIMEOUT ?= 5
CMDLINE ?=
$(BUILD)/grub.cfg: export GRUB_CFG_CMDLINE := $(CMDLINE)
$(BUILD)/grub.cfg: iso/grub.cfg FORCE
	@mkdir -p $(dir $@)
	@awk -v t=$(GRUB_TIMEOUT) '/^set timeout=/ { $$0 = "set timeout=" t } \
		/multiboot2 \/boot\/hypervisor.elf/ && ENVIRON["GRUB_CFG_CMDLINE"] != "" \
			{ $$0 = $$0 " " ENVIRON["GRUB_CFG_CMDLINE"] } { print }' $< > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

iso: $(ISO)
$(ISO): $(KERNEL_ELF) $(BUILD)/grub.cfg
	@rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	cp $(KERNEL_ELF) $(BUILD)/isodir/boot/hypervisor.elf
	cp $(BUILD)/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/isodir 2> $(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

deps:
	@tools/deps.sh $(or $(DEPS),test)

# The ISO is built by a second make once deps has installed the compiler:
# this make's variables were computed before that.
run: DEPS = run
run: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(ISO)
	@tools/run.sh auto $(ISO)

qemu: DEPS = run
qemu: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(ISO)
	@tools/run.sh qemu $(ISO)

bochs: DEPS = run
bochs: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(ISO)
	@tools/run.sh bochs $(ISO)

# Debugging (README, "Debugging"): symbols for Bochs' ldsym from the ELF.
$(SYMS): $(KERNEL_ELF) tools/debug.sh
	@tools/debug.sh syms $< $@

bochs-debug bochs-trace debug gdb: DEPS = debug
bochs-debug: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(ISO) $(SYMS)
	@tools/debug.sh bochs $(ISO) $(SYMS) $(KERNEL_ELF)
bochs-trace: deps
	@$(MAKE) --no-print-directory $(KERNEL_ELF) $(SYMS)
	@tools/debug.sh trace $(KERNEL_ELF) $(SYMS) $(BUILD)/trace.txt
debug: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(ISO)
	@tools/debug.sh qemu $(ISO) $(KERNEL_ELF)
gdb: deps
	@tools/debug.sh gdb $(KERNEL_ELF)

$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/host/test_%: tests/unit/test_%.c $(HOST_PURE_OBJS) $(TEST_SUPPORT_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MF $@.d $< $(HOST_PURE_OBJS) $(TEST_SUPPORT_OBJS) -lcmocka -o $@

test: DEPS = test
test: deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory unit-test
	@$(MAKE) --no-print-directory gdb-test
	@$(MAKE) --no-print-directory host-only-test
	@$(MAKE) --no-print-directory vmxcheck-test
	@$(MAKE) --no-print-directory toolchain-test
	@$(MAKE) --no-print-directory integration-test

# Style and structure hold without review: the checked-in .clang-format, the
# scripts through shellcheck (.shellcheckrc), and the layer rule.
C_FILES  = $(shell git ls-files --cached --others --exclude-standard -- '*.c' '*.h')
SH_FILES = $(shell git ls-files --cached --others --exclude-standard -- '*.sh') .ci/run
lint:
	@clang-format --dry-run --Werror $(C_FILES)
	@shellcheck $(SH_FILES)
	@tools/check-layers.sh
	@echo "lint: clang-format, shellcheck and the layer rule pass"

format:
	@clang-format -i $(C_FILES)

unit-test: $(UNIT_TESTS)
	@tools/run-unit-tests.sh $(UNIT_TESTS)

# Real GDB attaches to the stub's command layer over TCP loopback (tests/gdb).
gdb-test: $(BUILD)/host/gdb_server
	@tests/gdb/run.sh $(BUILD)/host/gdb_server
GDB_SERVER_OBJS := $(filter $(BUILD)/host/lib/gdb/%,$(HOST_PURE_OBJS)) $(BUILD)/host/tests/support/gdb_fake.o
$(BUILD)/host/gdb_server: tests/gdb/gdb_server.c $(GDB_SERVER_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MF $@.d $< $(GDB_SERVER_OBJS) -o $@

# lib/host/ builds for the host only: none of its functions may be in the kernel.
HOST_ONLY_OBJS := $(HOST_ONLY_SRCS:%.c=$(BUILD)/host/%.o)
host-only-test: $(KERNEL_ELF) $(HOST_ONLY_OBJS)
	@tools/check-host-only.sh $(KERNEL_ELF) $(HOST_ONLY_OBJS)

vmxcheck-test: $(BUILD)/host/vmxcheck
	@tests/vmxcheck/run.sh $(BUILD)/host/vmxcheck

# The README promises clang with ld.lld works as well as gcc with GNU ld.
toolchain-test:
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/clang CC=clang LD=ld.lld \
		$(BUILD)/clang/hypervisor.elf
	@grub-file --is-x86-multiboot2 $(BUILD)/clang/hypervisor.elf && \
		echo "toolchain: clang and ld.lld build a Multiboot2 kernel"

integration-test: $(ISO)
	@tests/integration/run.sh $(ISO)

vmxcheck: $(BUILD)/host/vmxcheck
$(BUILD)/host/vmxcheck: tools/vmxcheck.c $(HOST_PURE_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. $< $(PURE_SRCS) $(HOST_ONLY_SRCS) -o $@

fuzz: DEPS = fuzz
fuzz: deps
	@tests/fuzz/run.sh

bench: DEPS = test
bench: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(ISO)
	@tools/bench.sh $(ISO)

# The Linux guest's pieces (README.md, "The Linux guest"): the test kernel,
# built once per machine and cached outside the clone by
# tools/linux-kernel.sh (the script runs every time; it copies only when the
# cached image differs), the initramfs, and both booted by GRUB directly.
LINUX_IMAGE    := $(BUILD)/linux/bzImage
LINUX_INITRD   := $(BUILD)/linux/initramfs.cpio
LINUX_BARE_ISO := $(BUILD)/linux/bare.iso

$(LINUX_IMAGE): FORCE
	@tools/linux-kernel.sh $@ >/dev/null

$(LINUX_INITRD): tools/linux-initramfs.sh tools/linux-initramfs.py tests/linux/init tests/linux/guest-proof.c
	@tools/linux-initramfs.sh $@

$(LINUX_BARE_ISO): $(LINUX_IMAGE) $(LINUX_INITRD) tools/linux-bare.sh
	@tools/linux-bare.sh iso $@ $(LINUX_IMAGE) $(LINUX_INITRD)

linux: $(LINUX_IMAGE) $(LINUX_INITRD)

# tests/integration/t_linux_bare.sh boots it.
integration-test: $(LINUX_BARE_ISO)

# The Multiboot test guests (tests/guests/README.md); t_guests_bare.sh boots them.
include tests/guests/guests.mk
integration-test: guests

# EMU=qemu for QEMU TCG; Bochs by default (BOCHS_SMP=2).
run-linux-bare: DEPS = linux
run-linux-bare: deps
	@$(MAKE) --no-print-directory $(LINUX_BARE_ISO)
	@tools/linux-bare.sh run $(or $(EMU),bochs) $(LINUX_BARE_ISO)

# Boot times of the same, for docs/measurements.md (BENCH_RUNS=3).
bench-linux-bare: DEPS = linux
bench-linux-bare: deps
	@$(MAKE) --no-print-directory $(LINUX_BARE_ISO)
	@tools/linux-bare.sh bench $(LINUX_BARE_ISO) | tee $(BUILD)/linux-bare-bench.md

# The hypervisor with Linux as its guest: the same ISO's hypervisor, the
# test kernel and initramfs as Multiboot2 modules (tools/linux-guest.sh).
# KERNEL= and INITRD= choose other images (INITRD=- for none),
# LINUX_CMDLINE= Linux's command line; Bochs only (QEMU has no VMX).
LINUX_GUEST_ISO := $(BUILD)/hypervisor-linux.iso
GUEST_KERNEL    := $(or $(KERNEL),$(LINUX_IMAGE))
GUEST_INITRD    := $(or $(INITRD),$(LINUX_INITRD))

$(LINUX_GUEST_ISO): $(KERNEL_ELF) $(GUEST_KERNEL) $(if $(filter -,$(GUEST_INITRD)),,$(GUEST_INITRD)) tools/linux-guest.sh FORCE
	@tools/linux-guest.sh iso $@ $(KERNEL_ELF) $(GUEST_KERNEL) $(GUEST_INITRD) "$(LINUX_CMDLINE)" \
		"$(strip $(CMDLINE) $(GDB_CMDLINE))" $(GRUB_TIMEOUT)

# tests/integration/t_linux_guest.sh makes its own variants of it, from the
# kernel and initramfs that $(LINUX_BARE_ISO) already needs.

run-linux: DEPS = linux
run-linux: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(LINUX_GUEST_ISO)
	@REPORT_LINUX=1 BOCHS_SMP=$${BOCHS_SMP:-1} BOCHS_MEM=$${BOCHS_MEM:-256} \
		$(if $(GDB),GUEST_SYMBOLS=$(GUEST_SYMBOLS) tools/gdb-guest.sh,tools/linux-bare.sh run bochs) \
		$(LINUX_GUEST_ISO)

# Debian's stock kernel as the guest: minutes in Bochs, not in make test.
test-linux-stock: DEPS = stock
test-linux-stock: deps
	@$(MAKE) --no-print-directory $(KERNEL_ELF) $(LINUX_INITRD)
	@tools/linux-stock.sh $(KERNEL_ELF) $(LINUX_INITRD)

# The guest's boot against the bare boot, same kernel and the same Linux
# command line, so the same clock facts (Bochs' TSC runs at its ips=, 10
# MHz: tsc_early_khz=, lpj= for HZ=250, the TSC as clocksource without the
# watchdog), whatever CPUID 15H/16H say to each (docs/measurements.md); a
# third ISO with exit-stats for the profile and docs/exit-timeline.svg.
BENCH_LINUX_CMDLINE ?= console=ttyS0,115200 quiet panic=-1 tsc_early_khz=10000 lpj=40000 \
	clocksource=tsc tsc=reliable proof-work=3000
bench-linux: DEPS = bench
bench-linux: deps
	@$(MAKE) --no-print-directory $(LINUX_IMAGE) $(LINUX_INITRD) $(KERNEL_ELF)
	@tools/linux-bare.sh iso $(BUILD)/linux/bare-bench.iso $(LINUX_IMAGE) $(LINUX_INITRD) \
		"$(BENCH_LINUX_CMDLINE)"
	@LINUX_GUEST_GRUB_MARK=1 tools/linux-guest.sh iso $(BUILD)/linux/guest-bench.iso $(KERNEL_ELF) \
		$(LINUX_IMAGE) $(LINUX_INITRD) "$(BENCH_LINUX_CMDLINE)" "" 0
	@tools/linux-guest.sh iso $(BUILD)/linux/guest-stats.iso $(KERNEL_ELF) \
		$(LINUX_IMAGE) $(LINUX_INITRD) "$(BENCH_LINUX_CMDLINE) proof-exits=2" "exit-stats" 0
	@tools/linux-bare.sh bench-guest $(BUILD)/linux/bare-bench.iso $(BUILD)/linux/guest-bench.iso \
		$(BUILD)/linux/guest-stats.iso | tee $(BUILD)/linux-guest-bench.md

# Any kernel as the guest (README, "Any kernel as the guest"): a Multiboot
# or Multiboot2 kernel, or Linux, chosen by its header.  GUEST= the kernel,
# GUEST_ARGS= its arguments, GUEST_MODULES= its modules (path[=args] ...);
# Bochs only (QEMU has no VMX).  Default: the Multiboot test kernel.
GUEST_ISO := $(BUILD)/hypervisor-guest.iso
# GDB=1: the GDB stub on COM2, which Bochs serves on localhost:$(GDB_PORT) (tools/gdb-guest.sh, docs/gdb.md).
GDB_CMDLINE := $(if $(GDB),gdb=com2)
RUN_GUEST := $(or $(GUEST),$(BUILD)/guests/mb1-elf32.elf)

$(GUEST_ISO): $(KERNEL_ELF) $(RUN_GUEST) tools/guest-iso.sh FORCE
	@tools/guest-iso.sh $@ $(KERNEL_ELF) $(RUN_GUEST) "$(GUEST_ARGS)" "$(GUEST_MODULES)" \
		"$(strip $(CMDLINE) $(GDB_CMDLINE))" $(GRUB_TIMEOUT)

run-guest: DEPS = run
run-guest: deps
	@$(MAKE) --no-print-directory GRUB_TIMEOUT=0 $(GUEST_ISO)
	@BOCHS_SMP=$${BOCHS_SMP:-2} $(if $(GDB),GUEST_SYMBOLS=$(or $(GUEST_SYMBOLS),$(RUN_GUEST)) tools/gdb-guest.sh,tools/linux-bare.sh run bochs) $(GUEST_ISO)

# The same Multiboot kernel bare and as the guest, in Bochs (docs/measurements.md).
bench-guest: DEPS = run
bench-guest: deps
	@$(MAKE) --no-print-directory $(KERNEL_ELF) guests
	@tools/bench-guest.sh $(KERNEL_ELF) $(BUILD)/guests

# One GDB stepi through the hypervisor's stub, in Bochs (docs/measurements.md).
bench-gdb: DEPS = run
bench-gdb: deps
	@$(MAKE) --no-print-directory $(KERNEL_ELF) guests
	@tools/bench-gdb.sh $(KERNEL_ELF) $(BUILD)/guests

# Every README example run as written, with a check of its output, the slow
# ones too (tools/readme-examples.sh; make test runs the cheap ones), then the
# transcripts compared with fresh runs.  Minutes.
readme-check: DEPS = stock
readme-check: deps
	@$(MAKE) --no-print-directory $(KERNEL_ELF) $(LINUX_IMAGE) $(LINUX_INITRD)
	@tools/readme-examples.sh all
	@tools/readme-transcripts.sh --check

FORCE:

clean:
	rm -rf $(BUILD)

-include $(BUILD)/gen/asm_consts.d $(KERNEL_OBJS:.o=.d) $(HOST_PURE_OBJS:.o=.d) $(TEST_SUPPORT_OBJS:.o=.d) \
	$(UNIT_TESTS:=.d) $(BUILD)/host/gdb_server.d
