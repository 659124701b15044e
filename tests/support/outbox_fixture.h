/* outbox_fixture.h -- an outbox opened through the fault-injecting VFS
 * (faultvfs.h), for the store tests that make its writes and syncs fail.
 *
 * outbox_fixture_setup/_teardown are cmocka setup and teardown functions:
 * they register the faulty VFS and make sure no fault is left armed
 * between tests.
 *
 * Ownership: the fixture is the test's; close f->ob with outbox_close().
 */
#ifndef SR_OUTBOX_FIXTURE_H
#define SR_OUTBOX_FIXTURE_H

#include "store/outbox.h"

typedef struct outbox_fixture {
    char path[2048]; /* the file */
    char uri[2100];  /* the same file through the faulty VFS */
    outbox *ob;
} outbox_fixture;

/* A new outbox in a fresh scratch folder `name`, opened through the faulty
 * VFS with the default privacy policy; fails the test if it cannot. */
void outbox_fixture_open(outbox_fixture *f, const char *name);

int outbox_fixture_setup(void **state);
int outbox_fixture_teardown(void **state);

/* A test in the array handed to cmocka_run_group_tests, with the two above. */
#define OUTBOX_FIXTURE_TEST(fn) \
    cmocka_unit_test_setup_teardown(fn, outbox_fixture_setup, outbox_fixture_teardown)

#endif
