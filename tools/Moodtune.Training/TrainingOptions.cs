namespace Moodtune.Training;

/// <summary>Everything one training run depends on; the same options and seed give the same network.</summary>
internal sealed record TrainingOptions
{
    /// <summary>A FER2013 folder with `train/` and `val/` (one sub-folder per class each).</summary>
    public required string DataDirectory { get; init; }

    public required string OutputPath { get; init; }

    public const double DefaultClassWeightPower = 0.5;

    public const double DefaultDistillWeight = 0.7;

    public const double DefaultDistillTemperature = 2;

    public int Epochs { get; init; } = 30;

    public int BatchSize { get; init; } = 64;

    public int? LimitPerClass { get; init; }

    /// <summary>At most this many images per class of the split chosen on and of val reported on.</summary>
    public int? ValLimitPerClass { get; init; }

    /// <summary>
    /// What the epoch (and a checkpoint teacher's calibration) is chosen on: the selection split, held out of train, or
    /// val with all of train trained on (the recipe of the networks shipped before the selection split).
    /// </summary>
    public Data.ChoiceSplit ChooseOn { get; init; } = Data.ChoiceSplit.Selection;

    /// <summary>A checkpoint (`last.json`, or the folder holding it) to continue from.</summary>
    public string? Resume { get; init; }

    /// <summary>Default: `OUT.checkpoints/` beside the output model.</summary>
    public string? CheckpointDirectory { get; init; }

    public int Seed { get; init; } = 1;

    public int? Threads { get; init; }

    /// <summary>Where libtorch trains: the CPU, or a CUDA GPU (needs libtorch's CUDA libraries where the tool runs).</summary>
    public TorchSharp.DeviceType Device { get; init; } = TorchSharp.DeviceType.CPU;

    /// <summary>Channels of the first block (doubled in each of the four blocks).</summary>
    public int Width { get; init; } = 32;

    public double MaxLearningRate { get; init; } = 3e-3;

    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Class weights are (mean count / class count)^power: 1 fully balanced, 0 unweighted.</summary>
    public double ClassWeightPower { get; init; } = DefaultClassWeightPower;

    public int ProgressEvery { get; init; } = 50;

    public bool Augment { get; init; } = true;

    /// <summary>The share of training images blurred or shrunk and enlarged again (<see cref="Data.Augmentation.BlurProbability"/>); 0 off.</summary>
    public double BlurProbability { get; init; }

    /// <summary>Label smoothing of the cross-entropy on the labels: ε of each target spread evenly over the classes; 0 off.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Mixup and CutMix of the training batches (<see cref="Data.BatchMixing"/>); none by default.</summary>
    public Data.BatchMixing Mixing { get; init; } = Data.BatchMixing.None;

    /// <summary>
    /// The decay of an exponential moving average of the weights (<see cref="Model.WeightAverage"/>, e.g. 0.999), which is
    /// then the network scored, chosen and exported; 0 off.
    /// </summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>An exported emotion model to distil from (<see cref="Distillation.Teacher"/>); null trains on the labels alone.</summary>
    public string? Teacher { get; init; }

    /// <summary>Checkpoints of trained networks to distil from (<see cref="Distillation.NetworkTeacher"/>), instead of <see cref="Teacher"/>.</summary>
    public IReadOnlyList<string> TeacherWeights { get; init; } = [];

    /// <summary>The teacher checkpoints' widths: one for all, or one per checkpoint.</summary>
    public IReadOnlyList<int> TeacherWidths { get; init; } = [32];

    /// <summary>The distillation loss's share of the loss; the class-weighted cross-entropy on the labels has the rest.</summary>
    public double DistillWeight { get; init; } = DefaultDistillWeight;

    public double DistillTemperature { get; init; } = DefaultDistillTemperature;

    /// <summary>
    /// Ends the run after this epoch's checkpoint, exporting nothing, as a run cut off there would end; null runs to
    /// <see cref="Epochs"/>. Not on the command line: tests use it to check that a resume replays the run.
    /// </summary>
    public int? StopAfterEpoch { get; init; }

    public string CheckpointDirectoryOrDefault => CheckpointDirectory ?? OutputPath + ".checkpoints";
}
