//! Floor 1 · The window's own icon — title bar, taskbar, Alt+Tab — is the game's icon
//! (`assets/icon/goodwill.png`, the picture `goodwill.exe` and the Linux menu entry carry too), handed to
//! the window system once the image has loaded.

use bevy::ecs::system::NonSendMarker;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy::winit::WINIT_WINDOWS;

const ICON: &str = "icon/goodwill.png";

#[derive(Resource)]
struct WindowIcon(Handle<Image>);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, load).add_systems(Update, set_once_loaded);
}

fn load(mut commands: Commands, assets: Res<AssetServer>) {
    commands.insert_resource(WindowIcon(assets.load(ICON)));
}

/// Winit's windows live on the main thread (`NonSendMarker`); the icon is set once and the resource
/// removed, so the system then does nothing.
fn set_once_loaded(
    mut commands: Commands,
    icon: Option<Res<WindowIcon>>,
    images: Res<Assets<Image>>,
    primary: Query<Entity, With<PrimaryWindow>>,
    _main_thread: NonSendMarker,
) {
    let Some(icon) = icon else { return };
    let Some(image) = images.get(&icon.0) else { return };
    let Ok(window) = primary.single() else { return };
    let size = image.size();
    // A PNG loads as 8-bit RGBA; anything else (a replaced file) leaves the system's default icon.
    let picture = image
        .data
        .clone()
        .and_then(|rgba| winit::window::Icon::from_rgba(rgba, size.x, size.y).ok());
    let placed = WINIT_WINDOWS.with_borrow(|windows| match windows.get_window(window) {
        Some(winit_window) => {
            winit_window.set_window_icon(picture);
            true
        }
        None => false,
    });
    if placed {
        commands.remove_resource::<WindowIcon>();
    }
}
