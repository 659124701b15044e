/* disk_space.c -- statvfs of a file's folder (see disk_space.h). */
#include "disk_space.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

bool disk_space_of(const char *path, long long *free_bytes, int *free_percent)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct statvfs vfs;
    if (statvfs(dir, &vfs) != 0 || vfs.f_blocks == 0)
        return false;
    if (free_bytes)
        *free_bytes = (long long)vfs.f_bavail * (long long)vfs.f_frsize;
    if (free_percent)
        *free_percent = (int)((unsigned long long)vfs.f_bavail * 100 / vfs.f_blocks);
    return true;
}
