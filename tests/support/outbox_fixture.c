/* outbox_fixture.c -- the outbox on the faulty VFS (see outbox_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "faultvfs.h"
#include "outbox_fixture.h"
#include "testutil.h"

void outbox_fixture_open(outbox_fixture *f, const char *name)
{
    char dir[1900];
    testutil_fresh_dir(dir, sizeof dir, name);
    snprintf(f->path, sizeof f->path, "%s/outbox.db", dir);
    snprintf(f->uri, sizeof f->uri, "file:%s?vfs=" FAULTVFS_NAME, f->path);
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    char err[512];
    if (outbox_open(f->uri, &policy, &f->ob, err, sizeof err) != SR_OK)
        fail_msg("outbox_open(%s): %s", f->uri, err);
}

int outbox_fixture_setup(void **state)
{
    (void)state;
    faultvfs_disarm();
    return faultvfs_register() == SQLITE_OK ? 0 : -1;
}

int outbox_fixture_teardown(void **state)
{
    (void)state;
    faultvfs_disarm();
    return 0;
}
