package io.berth.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FargateSizesTest {
    @Test
    void offersTheSevenFargateCpuSizesInAscendingOrder() {
        assertThat(FargateSizes.cpuValues()).containsExactly(256, 512, 1024, 2048, 4096, 8192, 16384);
    }

    @Test
    void aQuarterVcpuTakesOnlyThreeMemorySizes() {
        assertThat(FargateSizes.allowedMemory(256)).containsExactly(512, 1024, 2048);
    }

    @Test
    void halfAVcpuTakesOneToFourGibInSteps() {
        assertThat(FargateSizes.allowedMemory(512)).containsExactly(1024, 2048, 3072, 4096);
    }

    @Test
    void eightVcpuTakesSixteenToSixtyGibInStepsOfFour() {
        assertThat(FargateSizes.allowedMemory(8192)).containsExactly(
                16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440);
    }

    @Test
    void sixteenVcpuEndsAtOneHundredTwentyGib() {
        var memory = FargateSizes.allowedMemory(16384);

        assertThat(memory).hasSize(12).startsWith(32768, 40960).endsWith(122880);
    }

    @Test
    void anUnknownCpuSizeAllowsNoMemory() {
        assertThat(FargateSizes.allowedMemory(300)).isEmpty();
    }

    @Test
    void theLargestMemoryOfARangeIsValid() {
        assertThat(FargateSizes.isValid(512, 4096)).isTrue();
    }

    @Test
    void memoryAboveTheRangeIsInvalid() {
        assertThat(FargateSizes.isValid(512, 5120)).isFalse();
    }

    @Test
    void oneAndAHalfGibIsInvalidForAQuarterVcpu() {
        assertThat(FargateSizes.isValid(256, 1536)).isFalse();
    }

    @Test
    void describesTheQuarterVcpuSizesAsAList() {
        assertThat(FargateSizes.describeMemory(256)).isEqualTo("512, 1024, 2048");
    }

    @Test
    void describesOtherSizesAsARange() {
        assertThat(FargateSizes.describeMemory(4096)).isEqualTo("8192 to 30720 in steps of 1024");
    }

    @Test
    void describesAnUnknownCpuSizeAsNothing() {
        assertThat(FargateSizes.describeMemory(300)).isEmpty();
    }
}
