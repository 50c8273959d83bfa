# shellcheck shell=bash
# Linux as the hypervisor's guest (kernel/linux_stage.h, arch/x86/vmx/linux.h):
# the test kernel and initramfs as Multiboot2 modules (tools/linux-guest.sh).
# Linux prints the guest-proof line from inside the guest and powers off; the
# hypervisor takes the machine back and reports.  Refused images are tried
# in QEMU: the header check comes before anything needs VMX.

LINUX_IMAGE=${LINUX_IMAGE:-build/linux/bzImage}
LINUX_INITRD=${LINUX_INITRD:-build/linux/initramfs.cpio}
GUEST_CMDLINE="console=ttyS0,115200 quiet panic=-1"

# guest_iso NAME BZIMAGE INITRD LINUX_CMDLINE HV_CMDLINE
guest_iso() {
	tools/linux-guest.sh iso "$TEST_DIR/$1.iso" "$KERNEL_ELF" "$2" "$3" "$4" "$5" 0 ||
		fail "could not make $1.iso"
}

# The proof Linux gives from inside: signature, hypervisor bit, no VMX, VMCALL from user mode is SIGILL.
expect_linux_proof() {
	expect "^guest-proof signature=\"hypervisor64\" cpuid-hv=yes hypervisor-flag=yes cpus=$1 vmcall=sigill cpuid-vmx=no vmx-flag=no$"
	expect '^init: powering off$'
	expect '^linux: the guest ended on cpu 0: poweroff$'
}

if [ ! -s "$LINUX_IMAGE" ] || [ ! -s "$LINUX_INITRD" ]; then
	begin_case linux-guest-images
	fail "$LINUX_IMAGE or $LINUX_INITRD is missing (make linux)"
	end_case
else
	begin_case bochs-linux-guest-1
	guest_iso guest-1 "$LINUX_IMAGE" "$LINUX_INITRD" "$GUEST_CMDLINE" ""
	BOCHS_SMP=1 EMU_TIMEOUT=${LINUX_GUEST_TIMEOUT:-300} bochs_boot "$TEST_DIR/guest-1.iso" "$LOG"
	expect_status $? 0
	expect_linux_proof 1
	expect '^acpi: power-off pm1a_cnt=0x[0-9a-f]+ '
	expect '^guest-os-exits cpu=0 total=[1-9][0-9]* .*cpuid=[1-9][0-9]* .*io-instruction=[1-9][0-9]* '
	expect '^guest-os-phase end=all-started ms=[0-9]+ watch=none$'
	expect '^guest-os linux exit=poweroff cpus=1 exits=[1-9][0-9]*$'
	expect '^cpu 0 apic=0 online vmx=ok vmxon=ok .* guest=ok '
	end_case

	# Every core Linux's: Bochs corei7_skylake_x with 2 and 4 processors.
	# Linux starts each AP with INIT-SIPI-SIPI; the hypervisor sees the SIPI
	# and starts that core's guest (arch/x86/guests/os_sipi.c).  Once the
	# last AP is started the ICR watch ends (os_phase.c): in the 2-core run
	# guest-proof measures each core's exits (CPUID 40000002H) idle and
	# busy, and neither may see an exit the watch caused; exit-stats prints
	# the profile.
	for n in 2 4; do
		begin_case "bochs-linux-guest-$n"
		linux_args=$GUEST_CMDLINE hv_args=""
		[ "$n" = 2 ] && linux_args="$GUEST_CMDLINE proof-exits=2" hv_args="exit-stats"
		guest_iso "guest-$n" "$LINUX_IMAGE" "$LINUX_INITRD" "$linux_args" "$hv_args"
		BOCHS_SMP=$n EMU_TIMEOUT=${LINUX_GUEST_TIMEOUT:-400} bochs_boot "$TEST_DIR/guest-$n.iso" "$LOG"
		expect_status $? 0
		expect_linux_proof "$n"
		expect "^linux: the APs wait for Linux's SIPI in VMX root operation, the APIC's ICR watched$"
		for ((cpu = 1; cpu < n; cpu++)); do
			expect "^guest-os-exits cpu=$cpu total=[1-9][0-9]* .*cpuid=[1-9].* boot=[0-9]+ steady=[0-9]+$"
		done
		expect '^guest-os-phase end=all-started ms=[0-9]+ watch=off$'
		# After the start phase no APIC access exits: the watch is over on every core.
		expect '^guest-os-exits-steady cpu=0 total=[0-9]+'
		expect_not '^guest-os-exits-steady .* ept-violation='
		expect_not 'did not leave its guest'
		expect "^guest-os linux exit=poweroff cpus=$n exits=[1-9][0-9]*$"
		expect "^summary cpus=$n online=$n vmxon=$n guests=$n iommu=absent$"
		if [ "$n" = 2 ]; then
			# Fewer than one exit per second idle, none busy, on each core.
			for ((cpu = 0; cpu < n; cpu++)); do
				expect "^guest-proof exits cpu=$cpu idle=0\.[0-9]+/s busy=0\.00/s idle-exits=[01] busy-exits=0 seconds=2$"
			done
			expect '^exit-stats cpu=0 reason=[a-z-]+ count=[1-9][0-9]* share=[0-9.]+% min=[0-9]+ median=[0-9]+ max=[0-9]+$'
			expect '^exit-stats-timeline seconds=[1-9][0-9]* bucket-ms=1000 tsc-hz=[1-9][0-9]*$'
			expect '^exit-stats-second t=0 '
		fi
		end_case
	done

	# Two processors, Linux told nosmp: the AP waits for a SIPI that never
	# comes, and still leaves VMX operation at the end.  The start phase
	# ends at its deadline (os-start-phase=, shortened here), which gives
	# the AP up and ends the watch.
	begin_case bochs-linux-guest-nosmp
	guest_iso guest-nosmp "$LINUX_IMAGE" "$LINUX_INITRD" "$GUEST_CMDLINE nosmp" "os-start-phase=2000"
	BOCHS_SMP=2 EMU_TIMEOUT=${LINUX_GUEST_TIMEOUT:-300} bochs_boot "$TEST_DIR/guest-nosmp.iso" "$LOG"
	expect_status $? 0
	expect_linux_proof 1
	expect_not '^guest-os-exits cpu=1 '
	expect '^guest-os-phase end=deadline ms=[0-9]+ watch=off$'
	expect_not '^guest-os-exits-steady .* ept-violation='
	expect_not 'did not leave its guest'
	expect '^guest-os linux exit=poweroff cpus=1 exits=[1-9][0-9]*$'
	expect '^summary cpus=2 online=2 vmxon=2 guests=2 iommu=absent$'
	end_case

	# A guest that triple-faults: entered at its zero page with no IDT.
	begin_case bochs-linux-guest-triple-fault
	guest_iso guest-triple "$LINUX_IMAGE" "$LINUX_INITRD" "$GUEST_CMDLINE" "test=linux-triple-fault"
	BOCHS_SMP=1 EMU_TIMEOUT=${LINUX_GUEST_TIMEOUT:-300} bochs_boot "$TEST_DIR/guest-triple.iso" "$LOG"
	expect_status $? 1
	expect '^test: Linux is entered at its zero page'
	expect '^vmx: cpu 0 guest exit triple-fault \(reason 2\) at rip=0x[0-9a-f]+'
	expect '^linux: the guest ended on cpu 0: triple-fault$'
	expect '^guest-os linux exit=triple-fault cpus=1 exits=[0-9]+$'
	expect_report_closed
	end_case

	# Linux resets the machine (a panic with panic=-1: its emergency restart
	# goes through the keyboard controller here): the hypervisor takes it
	# back as exit=reboot, and the run ends as a failure.
	begin_case bochs-linux-guest-reboot
	guest_iso guest-reboot "$LINUX_IMAGE" "$LINUX_INITRD" \
		"$GUEST_CMDLINE rdinit=/nonexistent init=/nonexistent" ""
	BOCHS_SMP=1 EMU_TIMEOUT=${LINUX_GUEST_TIMEOUT:-300} bochs_boot "$TEST_DIR/guest-reboot.iso" "$LOG"
	expect_status $? 1
	expect '^Kernel panic - not syncing: Requested init /nonexistent failed'
	expect '^linux: the guest ended on cpu 0: reboot$'
	expect '^guest-os linux exit=reboot cpus=1 exits=[1-9][0-9]*$'
	expect_report_closed
	end_case

	# make run-linux's ISO carries the images KERNEL= and INITRD= name (the Linux test
	# kernel by default), with Linux's command line on the kernel's module line.
	begin_case make-run-linux-iso
	: > "$LOG" # no boot: nothing on COM1
	iso_dir=build/hypervisor-linux.isodir
	make -s --no-print-directory GRUB_TIMEOUT=0 build/hypervisor-linux.iso >/dev/null 2>&1 ||
		fail "make build/hypervisor-linux.iso failed"
	cmp -s "$iso_dir/boot/bzImage" "$LINUX_IMAGE" || fail "the ISO's bzImage is not $LINUX_IMAGE"
	cmp -s "$iso_dir/boot/initramfs.cpio" "$LINUX_INITRD" || fail "the ISO's initramfs is not $LINUX_INITRD"
	grep -q '^[[:space:]]*module2 /boot/bzImage console=ttyS0' "$iso_dir/boot/grub/grub.cfg" ||
		fail "no module2 line with Linux's command line"
	make -s --no-print-directory GRUB_TIMEOUT=0 KERNEL="$LINUX_INITRD" INITRD=- \
		build/hypervisor-linux.iso >/dev/null 2>&1 || fail "make with KERNEL= INITRD=- failed"
	cmp -s "$iso_dir/boot/bzImage" "$LINUX_INITRD" || fail "KERNEL= did not choose the kernel"
	[ ! -e "$iso_dir/boot/initramfs.cpio" ] || fail "INITRD=- left an initramfs"
	end_case

	# Images the loader must refuse, each with its reason, the report still printed.
	cut="$TEST_DIR/bzImage.cut"
	old="$TEST_DIR/bzImage.old"
	head -c 65536 "$LINUX_IMAGE" > "$cut"
	cp "$LINUX_IMAGE" "$old"
	printf '\x01\x02' | dd of="$old" bs=1 seek=$((0x206)) conv=notrunc status=none
	for spec in "not-linux:$LINUX_INITRD" "truncated:$cut" "protocol-too-old:$old"; do
		name=${spec%%:*}
		begin_case "qemu-linux-refused-$name"
		guest_iso "refused-$name" "${spec#*:}" - "$GUEST_CMDLINE" ""
		QEMU_SMP=2 qemu_boot "$TEST_DIR/refused-$name.iso" "$LOG"
		expect_status $? 1
		expect "^linux: not started \($name\): "
		expect "^guest-os linux exit=refused cpus=0 exits=0 error=$name$"
		expect '^summary cpus=2 online=2 '
		end_case
	done

	# An initramfs that GRUB can load but that does not fit again in what is
	# left of 128 MiB: refused before anything is set aside for Linux.
	begin_case qemu-linux-refused-initrd-does-not-fit
	big="$TEST_DIR/initramfs.big"
	rm -f "$big" && truncate -s 96M "$big"
	guest_iso refused-big "$LINUX_IMAGE" "$big" "$GUEST_CMDLINE" ""
	rm -f "$big"
	QEMU_SMP=2 QEMU_MEM=128 qemu_boot "$TEST_DIR/refused-big.iso" "$LOG"
	expect_status $? 1
	expect '^linux: not started \(initrd-does-not-fit\): '
	expect '^guest-os linux exit=refused cpus=0 exits=0 error=initrd-does-not-fit$'
	expect '^summary cpus=2 online=2 '
	end_case
	rm -rf "$TEST_DIR/refused-big.iso" "$TEST_DIR/refused-big.isodir"
fi
