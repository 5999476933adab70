/* Kernels for CPUs with AVX2; compiled with -mavx2 and only called after a runtime check. */
#define FTP_KERNEL_NAME ftp_kernels_avx2
#include "kernels_impl.h"
