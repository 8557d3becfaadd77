using System.Runtime.InteropServices;
using Moodtune.Vision.Inference;

namespace Moodtune.Vision.Tests.Inference;

public class CpuFeaturesTests
{
    // A Sapphire Rapids Xeon (AVX-512 with VNNI, AVX-VNNI and AMX) and an EPYC VM that stops at AVX2/FMA.
    private const string SapphireRapids = """
        processor	: 0
        vendor_id	: GenuineIntel
        model name	: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
        flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 arat avx512vbmi umip pku ospke waitpkg avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid cldemote movdiri movdir64b fsrm md_clear serialize tsxldtrk amx_bf16 avx512_fp16 amx_tile amx_int8 arch_capabilities
        bugs		: spectre_v1 spectre_v2 spec_store_bypass swapgs

        processor	: 1
        flags		: fpu
        """;

    private const string EpycVm = """
        processor	: 0
        vendor_id	: AuthenticAMD
        model name	: AMD EPYC
        flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 syscall nx lm rep_good nopl cpuid pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy svm cr8_legacy abm sse4a misalignsse 3dnowprefetch bmi1 avx2 smep bmi2 rdseed adx smap clflushopt sha_ni xsaveopt xsavec xgetbv1 arat
        """;

    // Graviton3 (Neoverse V1: SVE and I8MM; note svei8mm, which is not i8mm) and Graviton2 (Neoverse N1: NEON dot product only).
    private const string Graviton3 = """
        processor	: 0
        BogoMIPS	: 2100.00
        Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng
        CPU implementer	: 0x41
        """;

    private const string Graviton2 = """
        processor	: 0
        BogoMIPS	: 243.75
        Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
        """;

    private static readonly Func<string, bool?> NoRuntimeAnswer = _ => null;

    [Theory]
    [InlineData(SapphireRapids, "sse4.1 avx avx2 fma avx512f avx512bw avx512vnni avxvnni amx")]
    [InlineData(EpycVm, "sse4.1 avx avx2 fma")]
    public void X86_cpuinfo_flags_name_the_sets_ONNX_Runtime_picks_kernels_by(string cpuinfo, string expected)
    {
        Assert.Equal(expected.Split(' '), CpuFeatures.Named(Architecture.X64, cpuinfo, NoRuntimeAnswer));
    }

    [Theory]
    [InlineData(Graviton3, "neon asimddp i8mm sve")]
    [InlineData(Graviton2, "neon asimddp")]
    public void Arm_cpuinfo_features_name_neon_dot_product_i8mm_and_sve(string cpuinfo, string expected)
    {
        Assert.Equal(expected.Split(' '), CpuFeatures.Named(Architecture.Arm64, cpuinfo, NoRuntimeAnswer));
    }

    [Fact]
    public void The_runtimes_answer_wins_over_cpuinfo_where_it_has_one()
    {
        bool? runtime(string name) => name switch
        {
            "avx2" => false,
            "avx512f" => true,
            _ => null,
        };

        var named = CpuFeatures.Named(Architecture.X64, EpycVm, runtime);

        Assert.DoesNotContain("avx2", named);
        Assert.Contains("avx512f", named);
        Assert.Contains("fma", named);
    }

    [Fact]
    public void Without_cpuinfo_only_the_runtimes_answers_remain()
    {
        Assert.Empty(CpuFeatures.Named(Architecture.X64, "", NoRuntimeAnswer));
        Assert.Equal(["neon"], CpuFeatures.Named(Architecture.Arm64, "", name => name == "neon"));
    }

    [Fact]
    public void This_machine_names_at_least_its_architectures_baseline()
    {
        // .NET 10 needs x86-64-v2 (SSE4.2) on x64, and every ARM64 core has NEON.
        var expected = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "sse4.1",
            Architecture.Arm64 => "neon",
            _ => null,
        };
        if (expected is null)
        {
            Assert.Skip($"no instruction-set table for {RuntimeInformation.ProcessArchitecture}");
        }

        Assert.Contains(expected, CpuFeatures.Detect());
    }
}
