/* faultvfs.c -- see faultvfs.h.
 *
 * The "faulty" VFS is the default VFS with three calls replaced: xOpen wraps
 * each file in a fault_file whose methods count writes and syncs and fail
 * the one the test armed; xDelete refuses in read-only mode. Everything
 * else is the default VFS's own function (the struct is copied, so those
 * functions see the same pAppData and limits they would see directly).
 */
#include "faultvfs.h"

#include <errno.h>
#include <sqlite3.h>
#include <stddef.h>

typedef struct fault_file {
    sqlite3_file base;  /* pMethods = &FAULT_IO_METHODS once open */
    sqlite3_file *real; /* the default VFS's file, stored right after */
} fault_file;

static struct {
    int target;       /* faultvfs_target bits; 0 = disarmed */
    int countdown;    /* matching operations left before the fault */
    int code;         /* what the failing operation returns */
    bool persistent;  /* keep failing after the first */
    bool fired;
    bool readonly;
    long writes, syncs;
} state;

static sqlite3_vfs *root_vfs;
static sqlite3_vfs fault_vfs;

/* Whether this operation (of kind target) must fail now. */
static bool fault_due(int target)
{
    if (!(state.target & target))
        return false;
    if (state.countdown > 0 && --state.countdown > 0)
        return false;
    state.fired = true;
    if (!state.persistent)
        state.target = 0;
    return true;
}

static sqlite3_file *real_of(sqlite3_file *file)
{
    return ((fault_file *)file)->real;
}

static int fault_close(sqlite3_file *file)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
}

static int fault_read(sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xRead(real, buf, amount, offset);
}

static int fault_write(sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset)
{
    if (state.readonly)
        return SQLITE_READONLY;
    if (fault_due(FAULTVFS_WRITES))
        return state.code;
    state.writes++;
    sqlite3_file *real = real_of(file);
    return real->pMethods->xWrite(real, buf, amount, offset);
}

static int fault_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    if (state.readonly)
        return SQLITE_READONLY;
    if (fault_due(FAULTVFS_WRITES))
        return state.code;
    state.writes++;
    sqlite3_file *real = real_of(file);
    return real->pMethods->xTruncate(real, size);
}

static int fault_sync(sqlite3_file *file, int flags)
{
    if (fault_due(FAULTVFS_SYNCS))
        return state.code;
    state.syncs++;
    sqlite3_file *real = real_of(file);
    return real->pMethods->xSync(real, flags);
}

static int fault_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xFileSize(real, size);
}

static int fault_lock(sqlite3_file *file, int level)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xLock(real, level);
}

static int fault_unlock(sqlite3_file *file, int level)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xUnlock(real, level);
}

static int fault_check_reserved_lock(sqlite3_file *file, int *out)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xCheckReservedLock(real, out);
}

static int fault_file_control(sqlite3_file *file, int op, void *arg)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xFileControl(real, op, arg);
}

static int fault_sector_size(sqlite3_file *file)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xSectorSize(real);
}

static int fault_device_characteristics(sqlite3_file *file)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xDeviceCharacteristics(real);
}

static int fault_shm_map(sqlite3_file *file, int page, int page_size, int extend,
                         void volatile **out)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xShmMap(real, page, page_size, extend, out);
}

static int fault_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xShmLock(real, offset, n, flags);
}

static void fault_shm_barrier(sqlite3_file *file)
{
    sqlite3_file *real = real_of(file);
    real->pMethods->xShmBarrier(real);
}

static int fault_shm_unmap(sqlite3_file *file, int delete_flag)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xShmUnmap(real, delete_flag);
}

static int fault_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xFetch(real, offset, amount, out);
}

static int fault_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    sqlite3_file *real = real_of(file);
    return real->pMethods->xUnfetch(real, offset, page);
}

static const sqlite3_io_methods FAULT_IO_METHODS = {
    3,
    fault_close,
    fault_read,
    fault_write,
    fault_truncate,
    fault_sync,
    fault_file_size,
    fault_lock,
    fault_unlock,
    fault_check_reserved_lock,
    fault_file_control,
    fault_sector_size,
    fault_device_characteristics,
    fault_shm_map,
    fault_shm_lock,
    fault_shm_barrier,
    fault_shm_unmap,
    fault_fetch,
    fault_unfetch,
};

static int fault_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                      int *out_flags)
{
    (void)vfs;
    fault_file *f = (fault_file *)file;
    f->base.pMethods = NULL;
    f->real = (sqlite3_file *)(f + 1);
    int real_flags = flags;
    if (state.readonly && (flags & SQLITE_OPEN_READWRITE))
        real_flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                     SQLITE_OPEN_READONLY;
    int rc = root_vfs->xOpen(root_vfs, name, f->real, real_flags, out_flags);
    if (rc != SQLITE_OK) {
        if (state.readonly) {
            errno = EROFS; /* what the OS says on a read-only mount */
            rc = SQLITE_CANTOPEN;
        }
        return rc;
    }
    f->base.pMethods = &FAULT_IO_METHODS;
    return SQLITE_OK;
}

static int fault_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    if (state.readonly)
        return SQLITE_IOERR_DELETE;
    return root_vfs->xDelete(root_vfs, name, sync_dir);
}

int faultvfs_register(void)
{
    if (root_vfs)
        return SQLITE_OK;
    sqlite3_vfs *root = sqlite3_vfs_find(NULL);
    if (!root)
        return SQLITE_ERROR;
    fault_vfs = *root;
    fault_vfs.zName = FAULTVFS_NAME;
    fault_vfs.pNext = NULL;
    fault_vfs.szOsFile = (int)sizeof(fault_file) + root->szOsFile;
    fault_vfs.xOpen = fault_open;
    fault_vfs.xDelete = fault_delete;
    int rc = sqlite3_vfs_register(&fault_vfs, 0);
    if (rc == SQLITE_OK)
        root_vfs = root;
    return rc;
}

void faultvfs_arm(faultvfs_target target, int nth, int sqlite_code, bool persistent)
{
    state.target = (int)target;
    state.countdown = nth > 0 ? nth : 1;
    state.code = sqlite_code;
    state.persistent = persistent;
    state.fired = false;
}

void faultvfs_set_readonly(bool readonly)
{
    state.readonly = readonly;
}

void faultvfs_disarm(void)
{
    state.target = 0;
    state.readonly = false;
}

bool faultvfs_fired(void)
{
    return state.fired;
}

long faultvfs_writes(void)
{
    return state.writes;
}

long faultvfs_syncs(void)
{
    return state.syncs;
}
