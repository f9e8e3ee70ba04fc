/* bounded.h - runs a loader in a child process whose address space may grow
 * by only so many megabytes and which must finish within so many seconds, so
 * a test proves a hostile file fails cheaply, not just that it fails.
 * Sanitizers reserve terabytes of address space: under them the memory
 * bound is not set (the time bound still is). */
#ifndef NNVIZ_BOUNDED_H
#define NNVIZ_BOUNDED_H

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nn_status.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BOUNDED_NO_RLIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BOUNDED_NO_RLIMIT 1
#endif
#endif

typedef nn_Status (*bounded_fn)(void *arg, char *err, size_t err_len);

/* Address space in use now, in bytes (from /proc/self/statm). */
static inline size_t bounded_vm_now(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* fn(arg) in a child limited to extra_mb more megabytes and secs seconds.
 * Returns fn's status with its message in err, or -1 when the child was
 * killed (time out) or crashed; err then says which. */
static inline int run_bounded(bounded_fn fn, void *arg, size_t extra_mb, unsigned secs, char *err,
                              size_t err_len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
#ifndef BOUNDED_NO_RLIMIT
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = bounded_vm_now() + (extra_mb << 20);
        setrlimit(RLIMIT_AS, &rl);
#else
        (void)extra_mb;
#endif
        alarm(secs);
        char msg[512] = "";
        nn_Status st = fn(arg, msg, sizeof msg);
        ssize_t w = write(fds[1], msg, strlen(msg) + 1);
        (void)w;
        _exit((int)st);
    }
    close(fds[1]);
    size_t k = 0;
    ssize_t r;
    char buf[512];
    while ((r = read(fds[0], buf + k, sizeof buf - 1 - k)) > 0 && k + (size_t)r < sizeof buf - 1)
        k += (size_t)r;
    if (r > 0)
        k += (size_t)r;
    buf[k] = '\0';
    close(fds[0]);
    int ws = 0;
    waitpid(pid, &ws, 0);
    if (!WIFEXITED(ws)) {
        snprintf(err, err_len, "the loader was killed by signal %d (%s)", WTERMSIG(ws),
                 WTERMSIG(ws) == SIGALRM ? "out of time" : "crashed");
        return -1;
    }
    snprintf(err, err_len, "%s", buf);
    return WEXITSTATUS(ws);
}

#endif
