/* Kernels at the x86-64 baseline vector level (SSE2); compiled with -msse2. */
#define FTP_KERNEL_NAME ftp_kernels_sse2
#include "kernels_impl.h"
