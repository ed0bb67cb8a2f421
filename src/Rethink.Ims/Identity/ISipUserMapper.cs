namespace Rethink.Ims.Identity;

/// <summary>Maps a validated identity to the SIP account it may use. Replace it through DI to apply another policy.</summary>
public interface ISipUserMapper
{
    /// <summary>The SIP account for <paramref name="identity"/>, or <see langword="null"/> when it may have none.</summary>
    SipUser? Map(ImsIdentity identity);
}
