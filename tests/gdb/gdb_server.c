/*
 * The GDB stub's command layer on a TCP loopback socket with the fake
 * target (tests/support/gdb_fake.c), for real GDB to attach to
 * (tests/gdb/run.sh): proof that the packets are ones GDB accepts.
 * Prints the port it listens on, serves one connection, exits when GDB
 * detaches or kills, or after 10 s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/gdb/stub.h"
#include "tests/support/gdb_fake.h"

static struct fake_machine machine;
static struct gdb_stub stub;

static void send_all(void *io, const uint8_t *bytes, size_t len)
{
	int fd = *(int *)io;

	while (len) {
		ssize_t n = write(fd, bytes, len);

		if (n <= 0)
			exit(1);
		bytes += n;
		len -= (size_t)n;
	}
}

static int listen_loopback(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t size = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &size) < 0) {
		perror("gdb_server");
		exit(1);
	}
	printf("%u\n", ntohs(addr.sin_port));
	fflush(stdout);
	return fd;
}

int main(void)
{
	int server = listen_loopback();
	uint8_t buf[4096];

	alarm(10);
	int fd = accept(server, NULL, NULL);

	if (fd < 0)
		return 1;
	fake_machine_init(&machine);
	gdb_stub_init(&stub, &machine.target, send_all, &fd);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			return 0;
		for (ssize_t i = 0; i < n; i++) {
			switch (gdb_stub_feed(&stub, buf[i])) {
			case GDB_STUB_RESUMED: gdb_stub_stopped(&stub); break;
			case GDB_STUB_DETACHED: fprintf(stderr, "gdb_server: detached\n"); return 0;
			default: break;
			}
		}
	}
}
