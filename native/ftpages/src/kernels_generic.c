/* Kernels in portable C (XXH_VECTOR picks what the target baseline offers), for non-x86 builds. */
#define FTP_KERNEL_NAME ftp_kernels_generic
#include "kernels_impl.h"
