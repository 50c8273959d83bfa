# The test guest kernels (tests/guests/README.md): freestanding 32-bit C
# and NASM, built with the host gcc -m32 and GNU ld into $(BUILD)/guests/.
# Included by the Makefile; `make guests` builds them all.

GUEST_DIR    := $(BUILD)/guests
GUEST_CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -g -Wall -Wextra -Werror -ffreestanding \
	-fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) -I. \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-delete-null-pointer-checks -mno-sse -mno-mmx -mno-80387 -MMD -MP
GUEST_LDFLAGS := -m elf_i386 -nostdlib -n -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments
ifeq ($(findstring LLD,$(shell $(LD) --version 2>/dev/null | head -n1)),LLD)
GUEST_LDFLAGS := $(filter-out --no-warn-rwx-segments,$(GUEST_LDFLAGS))
endif

GUEST_C_SRCS := $(sort $(wildcard tests/guests/*.c))
GUEST_C_OBJS := $(GUEST_C_SRCS:tests/guests/%.c=$(GUEST_DIR)/obj/%.o)
GUEST_RUNTIME := $(GUEST_DIR)/obj/entry.o $(GUEST_C_OBJS)

GUEST_IMAGES := $(addprefix $(GUEST_DIR)/, mb1-elf32.elf mb1-low.elf mb2-elf64.elf mb1-aout.bin \
	mb2-aout.bin fail.bin triple.bin no-header.bin bad-checksum.elf huge-bss.elf overlap.elf \
	low.elf wide.elf hostile.elf)

.PHONY: guests
guests: $(GUEST_IMAGES)

$(GUEST_DIR)/obj/%.o: tests/guests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_DIR)/obj/%.o: tests/guests/%.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -g -F dwarf $< -o $@

# ELF kernels: text, data and bss in three PT_LOAD segments.
$(GUEST_DIR)/mb1-elf32.elf: $(GUEST_DIR)/obj/header_mb1.o $(GUEST_RUNTIME) tests/guests/guest.ld
	$(LD) $(GUEST_LDFLAGS) -T tests/guests/guest.ld -o $@ $(filter %.o,$^)

# The same at 1 MiB, where most Multiboot kernels are linked (and where the hypervisor sits).
$(GUEST_DIR)/mb1-low.elf: $(GUEST_DIR)/obj/header_mb1.o $(GUEST_RUNTIME) tests/guests/guest.ld
	$(LD) $(GUEST_LDFLAGS) --defsym=GUEST_BASE=0x100000 -T tests/guests/guest.ld -o $@ \
		$(filter %.o,$^)

# Entered in 32-bit protected mode like any Multiboot2 kernel, but an ELF64
# file (Multiboot2 2.0 3.3 allows ELF64 with physical addresses < 4 GiB).
$(GUEST_DIR)/mb2-elf64.elf: $(GUEST_DIR)/obj/header_mb2.o $(GUEST_RUNTIME) tests/guests/guest.ld
	$(LD) $(GUEST_LDFLAGS) -T tests/guests/guest.ld -o $@.32 $(filter %.o,$^)
	objcopy -O elf64-x86-64 $@.32 $@

# The hostile kernel (tests/guests/hostile/): the runtime with its own main
# and exception catching instead of main.c.
HOSTILE_OBJS := $(GUEST_DIR)/obj/header_mb1.o $(GUEST_DIR)/obj/entry.o \
	$(filter-out $(GUEST_DIR)/obj/main.o,$(GUEST_C_OBJS)) \
	$(GUEST_DIR)/obj/hostile/hostile.o $(GUEST_DIR)/obj/hostile/catch.o
$(GUEST_DIR)/hostile.elf: $(HOSTILE_OBJS) tests/guests/guest.ld
	$(LD) $(GUEST_LDFLAGS) -T tests/guests/guest.ld -o $@ $(filter %.o,$^)

# Flat binaries with the a.out kludge's addresses.
$(GUEST_DIR)/mb%-aout.bin: $(GUEST_DIR)/obj/header_mb%_aout.o $(GUEST_RUNTIME) tests/guests/flat.ld
	$(LD) $(GUEST_LDFLAGS) -T tests/guests/flat.ld -o $(@:.bin=.elf) $(filter %.o,$^)
	objcopy -O binary $(@:.bin=.elf) $@

$(GUEST_DIR)/fail.bin $(GUEST_DIR)/triple.bin: $(GUEST_DIR)/%.bin: tests/guests/%.asm tests/guests/flat_mb1.inc
	@mkdir -p $(dir $@)
	$(NASM) -f bin -i tests/guests/ $< -o $@

# Images a loader must refuse, made from the good ones (tests/guests/mkbad.py).
$(GUEST_DIR)/no-header.bin $(GUEST_DIR)/bad-checksum.elf $(GUEST_DIR)/huge-bss.elf \
$(GUEST_DIR)/overlap.elf $(GUEST_DIR)/low.elf $(GUEST_DIR)/wide.elf &: $(GUEST_DIR)/mb1-elf32.elf \
		$(GUEST_DIR)/mb1-low.elf tests/guests/mkbad.py
	python3 tests/guests/mkbad.py $(GUEST_DIR)/mb1-elf32.elf $(GUEST_DIR) $(GUEST_DIR)/mb1-low.elf

-include $(GUEST_C_OBJS:.o=.d) $(GUEST_DIR)/obj/hostile/hostile.d
.PRECIOUS: $(GUEST_DIR)/obj/%.o
