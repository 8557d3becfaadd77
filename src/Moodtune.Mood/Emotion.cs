namespace Moodtune.Mood;

/// <summary>The seven FER2013 expression classes, in FER2013's label order.</summary>
public enum Emotion
{
    Angry = 0,
    Disgust = 1,
    Fear = 2,
    Happy = 3,
    Sad = 4,
    Surprise = 5,
    Neutral = 6,
}
