/* version.h -- the application version, shown on the admin screen and by
 * --version, and sent with fleet status. Bump with every release. */
#ifndef SR_VERSION_H
#define SR_VERSION_H

#define STAFFROOM_VERSION "0.1.0"

#endif
