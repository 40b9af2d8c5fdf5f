package stark

// ProcessCPU exposes processCPU to the external test package's benchmarks.
var ProcessCPU = processCPU
