#!/usr/bin/env bash
# The small test kernel: Debian's linux-source-6.1, `make tinyconfig`, plus
# tests/linux/kernel.config, built out of tree.  The bzImage is cached
# outside the clone, keyed by a hash of the inputs (the fragment, the
# linux-source package version, this script), so a fresh clone on the same
# machine reuses it:
#   ${LINUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hypervisor}/linux-<hash>/bzImage
#
#   tools/linux-kernel.sh [COPY]   build if needed; print the cached path;
#                                  copy the bzImage to COPY too
# Environment: LINUX_JOBS (default: the number of cores, at most 2).
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/.."
fragment=tests/linux/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
cache_root=${LINUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hypervisor}
jobs=${LINUX_JOBS:-$(($(nproc) < 2 ? $(nproc) : 2))}

version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) && [ -r "$tarball" ] || {
	echo "linux-kernel: $tarball is missing: run make deps (package linux-source-6.1)" >&2
	exit 1
}
key=$( { echo "linux-source-6.1 $version"; cat "$fragment" "$self"; } | sha256sum | cut -c1-16)
dir=$cache_root/linux-$key
image=$dir/bzImage

# Every line of the fragment must hold in the final .config: Kconfig drops
# a setting whose dependencies are missing without a word.
check_config() {
	local config=$1 line name missing=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) name=${line%%=*} ;;
		"# CONFIG_"*" is not set") name=${line#\# }; name=${name%% *} ;;
		*) continue ;;
		esac
		if ! grep -qxF -- "$line" "$config"; then
			echo "linux-kernel: $fragment wants '$line', the config has '$(grep -E "^(# )?${name}[= ]" "$config" || echo unset)'" >&2
			missing=1
		fi
	done < "$fragment"
	return $missing
}

# Builds in $work, which survives an interruption: the next run resumes
# there instead of starting over.  Prints the seconds it took.
build() {
	local work=$1 start
	local src=$work/linux-source-6.1 obj=$work/obj
	start=$(date +%s)
	echo "linux-kernel: building the test kernel in $work (minutes; cached in $dir)" >&2
	if [ ! -e "$work/.extracted" ]; then
		rm -rf "$src" && mkdir -p "$work"
		tar -xf "$tarball" -C "$work"
		touch "$work/.extracted"
	fi
	nice make -s -C "$src" O="$obj" tinyconfig >&2
	nice "$src"/scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$fragment" \
		>"$work/merge.log" 2>&1 || { cat "$work/merge.log" >&2; return 1; }
	nice make -s -C "$src" O="$obj" olddefconfig >&2
	check_config "$obj/.config"
	nice make -s -C "$src" O="$obj" -j"$jobs" KBUILD_BUILD_TIMESTAMP=@0 \
		KBUILD_BUILD_USER=hypervisor KBUILD_BUILD_HOST=test bzImage >&2
	echo "linux-kernel: built in $(($(date +%s) - start)) s with -j$jobs" >&2
}

if [ ! -s "$image" ]; then
	mkdir -p "$cache_root"
	# One build at a time per cache: a second caller waits, then finds it.
	exec 9> "$cache_root/linux-$key.lock"
	flock 9
	if [ ! -s "$image" ]; then
		work=$cache_root/linux-$key.build
		build "$work"
		rm -rf "$dir.new" && mkdir -p "$dir.new"
		cp "$work/obj/arch/x86/boot/bzImage" "$work/obj/.config" "$dir.new/"
		rm -rf "$dir" && mv "$dir.new" "$dir"
		rm -rf "$work"
	fi
	flock -u 9
fi
if [ $# -ge 1 ]; then
	mkdir -p "$(dirname "$1")"
	cmp -s "$image" "$1" 2>/dev/null || cp "$image" "$1"
fi
echo "$image"
