# The modules' direction, platform <- core <- sync <- ui and sync <- hub (the hub never links ui,
# and nothing below links the hub), checked on the link graph at configure
# time. Include directories already make an upward #include fail to compile; this also catches an
# upward target_link_libraries (which would hand a lower module the upper one's headers), and it
# names the offending pair. A new module target joins its layer's list here.
set(PASSERELLE_LAYER_platform passerelle_platform passerelle_pdf)
set(PASSERELLE_LAYER_core passerelle_crdt passerelle_core passerelle_core_plain)
set(PASSERELLE_LAYER_sync passerelle_sync)
set(PASSERELLE_LAYER_hub passerelle_hub_store passerelle_hub_lib passerelle-hub)

function(passerelle_check_dependency_direction)
  # Walk from the top down so `above_targets` holds every target higher than the layer checked.
  set(order hub sync core platform)
  set(above_targets passerelle_demo passerelle-cli passerelle passerelle_ui_support passerelle_ui_model
      passerelle_ui_controller passerelle_ui_screens)
  foreach(layer IN LISTS order)
    foreach(target IN LISTS PASSERELLE_LAYER_${layer})
      if(NOT TARGET ${target})
        continue()
      endif()
      get_target_property(type ${target} TYPE)
      set(links "")
      if(NOT type STREQUAL "INTERFACE_LIBRARY")
        get_target_property(direct ${target} LINK_LIBRARIES)
        if(direct)
          list(APPEND links ${direct})
        endif()
      endif()
      get_target_property(iface ${target} INTERFACE_LINK_LIBRARIES)
      if(iface)
        list(APPEND links ${iface})
      endif()
      foreach(dep IN LISTS links)
        if(dep IN_LIST above_targets)
          message(FATAL_ERROR "Dependency direction: ${target} (${layer}) links ${dep}, which sits above it "
                              "(platform <- core <- sync <- ui, sync <- hub; see docs/architecture.md).")
        endif()
      endforeach()
    endforeach()
    list(APPEND above_targets ${PASSERELLE_LAYER_${layer}})
  endforeach()
endfunction()
