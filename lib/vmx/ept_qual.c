/*
 * EPT-violation exit qualification, decoded.  The text is assembled in
 * pieces with ksnprintf into one caller buffer, so it works without a heap.
 */
#include "include/x86/ept.h"
#include "lib/printf.h"
#include "lib/vmx/ept_qual.h"

#define ACCESS_BITS (EPT_QUAL_READ | EPT_QUAL_WRITE | EPT_QUAL_FETCH)
#define PERM_BITS   (EPT_QUAL_READABLE | EPT_QUAL_WRITABLE | EPT_QUAL_EXECUTABLE)
#define KNOWN_BITS  ((EPT_QUAL_SHADOW_STACK << 1) - 1)

/* Appends to buf like ksnprintf and keeps the total length in *len. */
struct text {
	char *buf;
	size_t size;
	int len;
};

static void put(struct text *t, const char *piece)
{
	size_t at = (size_t)t->len < t->size ? (size_t)t->len : t->size;
	size_t room = t->size - at;

	t->len += ksnprintf(room ? t->buf + at : NULL, room, "%s", piece);
}

static void put_flag(struct text *t, uint64_t qual, uint64_t bit, const char *text)
{
	if (qual & bit)
		put(t, text);
}

static void put_access(struct text *t, uint64_t qual)
{
	const char *sep = "";

	if (!(qual & ACCESS_BITS)) {
		put(t, "no access");
		return;
	}
	if (qual & EPT_QUAL_READ) {
		put(t, "read");
		sep = "+";
	}
	if (qual & EPT_QUAL_WRITE) {
		put(t, sep);
		put(t, "write");
		sep = "+";
	}
	if (qual & EPT_QUAL_FETCH) {
		put(t, sep);
		put(t, "fetch");
	}
}

static void put_permissions(struct text *t, uint64_t qual)
{
	char rwx[] = "---";

	if (!(qual & (PERM_BITS | EPT_QUAL_USER_EXECUTABLE))) {
		put(t, " to a not-present page");
		return;
	}
	if (qual & EPT_QUAL_READABLE)
		rwx[0] = 'r';
	if (qual & EPT_QUAL_WRITABLE)
		rwx[1] = 'w';
	if (qual & EPT_QUAL_EXECUTABLE)
		rwx[2] = 'x';
	put(t, rwx[0] == 'r' ? " to an " : " to a ");
	put(t, rwx);
	put(t, " page");
	put_flag(t, qual, EPT_QUAL_USER_EXECUTABLE, " (user-executable)");
}

static void put_linear(struct text *t, uint64_t qual)
{
	if (!(qual & EPT_QUAL_GLA_VALID)) {
		put(t, ", no linear address");
		return;
	}
	put(t, ", linear address valid");
	put(t, (qual & EPT_QUAL_GLA_TRANSLATED) ? " (final access)" : " (paging-structure walk)");
}

int ept_qual_describe(uint64_t qual, char *buf, size_t size)
{
	struct text t = { buf, size, 0 };
	char other[32];

	if (size)
		buf[0] = '\0';
	put_access(&t, qual);
	put_permissions(&t, qual);
	put_linear(&t, qual);
	put_flag(&t, qual, EPT_QUAL_GLA_SUPERVISOR, ", supervisor address");
	put_flag(&t, qual, EPT_QUAL_GLA_READ_ONLY, ", read-only address");
	put_flag(&t, qual, EPT_QUAL_GLA_EXEC_DISABLE, ", execute-disable address");
	put_flag(&t, qual, EPT_QUAL_NMI_UNBLOCKING, ", NMI unblocking");
	put_flag(&t, qual, EPT_QUAL_SHADOW_STACK, ", shadow-stack access");
	if (qual & ~KNOWN_BITS) {
		ksnprintf(other, sizeof(other), ", bits=0x%llx",
			  (unsigned long long)(qual & ~KNOWN_BITS));
		put(&t, other);
	}
	return t.len;
}
